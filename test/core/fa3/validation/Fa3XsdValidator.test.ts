import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFa3 } from '../../../../core/fa3/Fa3Reader.js';
import { writeFa3 } from '../../../../core/fa3/Fa3Writer.js';
import { Fa3XsdValidator } from '../../../../core/fa3/validation/Fa3XsdValidator.js';
import { GatewayError } from '../../../../core/errors/GatewayError.js';
import { FA3_SAMPLES_DIR, SCHEMAS_DIR } from '../../../support/sharedDir.js';

const sample = () => readFa3(readFileSync(join(FA3_SAMPLES_DIR, 'FA_3_Przyklad_1.xml')), 'FA_3_Przyklad_1.xml');

describe('Fa3XsdValidator', () => {
  let validator: Fa3XsdValidator;
  beforeAll(async () => {
    validator = await Fa3XsdValidator.load(SCHEMAS_DIR);
  });
  afterAll(() => validator.dispose());

  it('accepts an official sample', () => {
    expect(validator.validate(readFileSync(join(FA3_SAMPLES_DIR, 'FA_3_Przyklad_1.xml')))).toEqual([]);
  });

  it('reports a bad tax rate in the third line with the path Fa/FaWiersz[3]/P_12', () => {
    const inv = sample();
    expect(inv.Fa.FaWiersz!.length).toBeGreaterThanOrEqual(3);
    (inv.Fa.FaWiersz![2] as { P_12: string }).P_12 = '24';
    const issues = validator.validate(writeFa3(inv));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'FA3_XSD', layer: 'xsd', location: 'Fa/FaWiersz[3]/P_12', severity: 'error' });
    expect(issues[0].message).toContain('P_12');
    expect(issues[0].message).not.toContain('{http');
  });

  it('reports a missing required element at its parent', () => {
    const inv = sample();
    delete (inv.Podmiot2 as { JST?: string }).JST;
    const issues = validator.validate(writeFa3(inv));
    expect(issues.length).toBeGreaterThanOrEqual(1);
    expect(issues[0].location).toMatch(/^Podmiot2/);
    expect(issues[0].message).toMatch(/JST/);
  });

  it('reports each of several errors', () => {
    const inv = sample();
    inv.Fa.KodWaluty = 'pln';
    inv.Podmiot1.DaneIdentyfikacyjne.NIP = '0123';
    const issues = validator.validate(writeFa3(inv));
    expect(issues.map((i) => i.location).sort()).toEqual(['Fa/KodWaluty', 'Podmiot1/DaneIdentyfikacyjne/NIP']);
  });

  it('reports a wrong fixed attribute (the "FA(3)" typo) at its element', () => {
    const xml = readFileSync(join(FA3_SAMPLES_DIR, 'FA_3_Przyklad_1.xml'), 'utf8').replace('kodSystemowy="FA (3)"', 'kodSystemowy="FA(3)"');
    const issues = validator.validate(xml);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ location: 'Naglowek/KodFormularza' });
    expect(issues[0].message).toMatch(/kodSystemowy/);
  });

  it('reports an element out of XSD order', () => {
    const xml = readFileSync(join(FA3_SAMPLES_DIR, 'FA_3_Przyklad_1.xml'), 'utf8').replace(/(<P_1>[^<]*<\/P_1>)(\s*)(<P_1M>[^<]*<\/P_1M>)/, '$3$2$1');
    expect(xml).toMatch(/<P_1M>[^<]*<\/P_1M>\s*<P_1>/);
    const issues = validator.validate(xml);
    expect(issues[0]).toMatchObject({ layer: 'xsd', location: 'Fa/P_1M' });
  });

  it('turns a document that is not well-formed into one file-layer issue, not an exception', () => {
    const issues = validator.validate('<Faktura><Naglowek></Faktura>');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'FA3_XML_NOT_WELL_FORMED', layer: 'file', severity: 'error' });
    expect(issues[0].location).toMatch(/^line 1/);
  });

  it('rejects a document in another namespace', () => {
    const xml = readFileSync(join(FA3_SAMPLES_DIR, 'FA_3_Przyklad_1.xml'), 'utf8').replace('http://crd.gov.pl/wzor/2025/06/25/13775/', 'http://crd.gov.pl/wzor/2023/06/29/12648/');
    expect(validator.validate(xml).length).toBeGreaterThan(0);
  });

  it('stays usable after many documents (compiled once, documents freed)', () => {
    const good = readFileSync(join(FA3_SAMPLES_DIR, 'FA_3_Przyklad_2.xml'));
    for (let i = 0; i < 200; i++) validator.validate(i % 2 ? good : '<x/>');
    expect(validator.validate(good)).toEqual([]);
  });

  it('fails to load with a config error naming the folder when the schema is missing', async () => {
    const error = await Fa3XsdValidator.load('/nonexistent/schemas').then(() => undefined, (e: unknown) => e);
    expect(GatewayError.is(error, 'GW_FA3_SCHEMA_MISSING')).toBe(true);
    expect((error as GatewayError).kind).toBe('config');
    expect((error as GatewayError).message).toContain('/nonexistent/schemas');
  });
});
