import { readFa3 } from '../../../../core/fa3/Fa3Reader.js';
import { writeFa3 } from '../../../../core/fa3/Fa3Writer.js';
import { Fa3XsdValidator } from '../../../../core/fa3/validation/Fa3XsdValidator.js';
import { validateFa3 } from '../../../../core/fa3/validation/validateFa3.js';
import { SCHEMAS_DIR } from '../../../support/sharedDir.js';
import { EXTRA_SAMPLES, MF_SAMPLES, NOW, sampleBytes } from '../rules/sampleInvoices.js';

describe('validateFa3', () => {
  let xsd: Fa3XsdValidator;
  beforeAll(async () => {
    xsd = await Fa3XsdValidator.load(SCHEMAS_DIR);
  });
  afterAll(() => xsd.dispose());

  it.each(MF_SAMPLES)('passes the Ministry sample %s through every layer without a single issue', (name) => {
    const r = validateFa3(sampleBytes(name), { xsd, now: NOW, documentName: name });
    expect(r.issues).toEqual([]);
    expect(r.valid).toBe(true);
    expect(r.invoice?.Fa.P_2).toBeTruthy();
  });

  it.each(EXTRA_SAMPLES.filter((n) => !n.includes('06_EXP')))('finds the third-party sample %s valid', (name) => {
    expect(validateFa3(sampleBytes(name), { xsd, now: NOW }).valid).toBe(true);
  });

  it('finds extra_KSEF_06_EXP XSD-valid but invalid by the business rules', () => {
    const r = validateFa3(sampleBytes('extra_KSEF_06_EXP.xml'), { xsd, now: NOW });
    expect(r.valid).toBe(false);
    expect(r.issues.filter((i) => i.layer === 'xsd')).toEqual([]);
    expect(r.issues.map((i) => [i.layer, i.code, i.location])).toContainEqual(['rule', 'FA3_NET_SUM_MISMATCH', 'Fa/P_13_6_3']);
  });

  it('reports schema violations with their element path', () => {
    const xml = sampleBytes('FA_3_Przyklad_1.xml').toString('utf8').replace('kodSystemowy="FA (3)"', 'kodSystemowy="FA(3)"');
    const r = validateFa3(xml, { xsd, now: NOW });
    expect(r.valid).toBe(false);
    expect(r.issues[0]).toMatchObject({ code: 'FA3_XSD', layer: 'xsd', location: 'Naglowek/KodFormularza', severity: 'error' });
  });

  it('reports a schema violation inside a line and still runs the business rules', () => {
    const xml = sampleBytes('FA_3_Przyklad_1.xml').toString('utf8')
      .replace('<P_12>5</P_12>', '<P_12>6</P_12>')
      .replace('<NIP>9999999999</NIP>', '<NIP>1234567890</NIP>');
    const r = validateFa3(xml, { xsd, now: NOW });
    expect(r.issues.find((i) => i.layer === 'xsd')?.location).toBe('Fa/FaWiersz[3]/P_12');
    expect(r.issues.some((i) => i.code === 'FA3_NIP_CHECKSUM')).toBe(true);
  });

  it('runs the file checks and business rules without a schema', () => {
    const xml = sampleBytes('FA_3_Przyklad_1.xml').toString('utf8').replace('<P_1>2026-02-15</P_1>', '<P_1>2026-12-01</P_1>');
    const r = validateFa3(xml, { now: NOW });
    expect(r.issues.map((i) => i.code)).toEqual(['FA3_P1_IN_FUTURE']);
    expect(r.valid).toBe(false);
  });

  it('treats warnings as valid', () => {
    const xml = sampleBytes('FA_3_Przyklad_14.xml').toString('utf8').replace(/<FakturaZaliczkowa>[\s\S]*?<\/FakturaZaliczkowa>/g, '');
    const r = validateFa3(xml, { xsd, now: NOW });
    expect(r.issues.map((i) => [i.code, i.severity])).toEqual([['FA3_ADVANCE_INVOICES_MISSING', 'warning']]);
    expect(r.valid).toBe(true);
  });

  it('reports a document that is not well-formed once, with or without the schema', () => {
    const broken = sampleBytes('FA_3_Przyklad_1.xml').toString('utf8').replace('</Podmiot1>', '</Podmiot>');
    for (const opts of [{ xsd, now: NOW }, { now: NOW }]) {
      const r = validateFa3(broken, opts);
      expect(r.issues.map((i) => [i.code, i.layer])).toEqual([['FA3_XML_NOT_WELL_FORMED', 'file']]);
      expect(r.invoice).toBeUndefined();
    }
  });

  it('reports a document that is not FA(3) at all', () => {
    const r = validateFa3('<?xml version="1.0" encoding="UTF-8"?><Invoice xmlns="urn:x"/>', { now: NOW, documentName: 'x.xml' });
    expect(r.valid).toBe(false);
    expect(r.issues[0].code).toBe('FA3_NOT_FA3');
    expect(r.issues[0].message).not.toMatch(/^x\.xml:/);
  });
});

describe('validateFa3 with the model the XML was written from', () => {
  it('runs the rules on that model instead of reading the XML back', () => {
    const invoice = readFa3(sampleBytes('FA_3_Przyklad_1.xml'));
    const xml = writeFa3(invoice);
    const r = validateFa3(xml, { now: NOW, invoice });
    expect(r.valid).toBe(true);
    expect(r.invoice).toBe(invoice);
    // proof that the given model, not the XML, is what the rules saw
    const differs = structuredClone(invoice);
    differs.Podmiot1.DaneIdentyfikacyjne.NIP = '1234567890';
    expect(validateFa3(xml, { now: NOW, invoice: differs }).issues.map((i) => i.code)).toEqual(['FA3_NIP_CHECKSUM']);
  });
});
