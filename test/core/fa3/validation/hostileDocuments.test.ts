import { readFa3 } from '../../../../core/fa3/Fa3Reader.js';
import { Fa3XsdValidator } from '../../../../core/fa3/validation/Fa3XsdValidator.js';
import { validateFa3 } from '../../../../core/fa3/validation/validateFa3.js';
import { FA3_NAMESPACE } from '../../../../core/fa3/xsd/fa3Structure.js';
import { SCHEMAS_DIR } from '../../../support/sharedDir.js';
import { thrownGatewayError } from '../../../support/thrownGatewayError.js';
import { NOW, sampleBytes } from '../rules/sampleInvoices.js';

const sample = (): string => sampleBytes('FA_3_Przyklad_1.xml').toString('utf8');
const body = (xml: string): string => xml.slice(xml.indexOf('<Faktura'));
const DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';
/** The fuzzer's finding: an internal entity expanded into P_2. */
const withEntity = (): string => `${DECL}<!DOCTYPE Faktura [<!ENTITY a "x">]>\n${body(sample()).replace(/<P_2>[^<]*<\/P_2>/, '<P_2>&a;</P_2>')}`;
/** A comment holding a root-like tag before the DOCTYPE moved the old regex's window past the DOCTYPE. */
const behindComment = (): string => `${DECL}<!-- <Faktura xmlns="${FA3_NAMESPACE}"> -->\n<!DOCTYPE Faktura [<!ENTITY a "x">]>\n${body(sample()).replace(/<P_2>[^<]*<\/P_2>/, '<P_2>&a;</P_2>')}`;

describe('hostile FA(3) documents', () => {
  let xsd: Fa3XsdValidator;
  beforeAll(async () => {
    xsd = await Fa3XsdValidator.load(SCHEMAS_DIR);
  });
  afterAll(() => xsd.dispose());

  it('refuses a DOCTYPE with an entity reference as FA3_DOCTYPE instead of throwing, with and without the schema', () => {
    for (const opts of [{ xsd }, {}]) {
      const result = validateFa3(Buffer.from(withEntity()), { ...opts, now: NOW });
      expect(result.valid).toBe(false);
      expect(result.issues.map((i) => i.code)).toEqual(['FA3_DOCTYPE']);
      expect(result.issues[0].location).toBe('line 2, column 1');
    }
  });

  it('refuses a DOCTYPE in the schema validator itself, before libxml2 parses it', () => {
    expect(xsd.validate(withEntity()).map((i) => i.code)).toEqual(['FA3_DOCTYPE']);
    expect(xsd.validate(Buffer.from(withEntity())).map((i) => i.code)).toEqual(['FA3_DOCTYPE']);
  });

  it('refuses a DOCTYPE behind a comment that contains a Faktura start tag (reader, validator, both stages)', () => {
    expect(thrownGatewayError(() => readFa3(behindComment(), 'x.xml')).code).toBe('GW_FA3_DOCTYPE');
    expect(thrownGatewayError(() => readFa3(behindComment(), 'x.xml', { wellFormed: true })).code).toBe('GW_FA3_DOCTYPE');
    for (const opts of [{ xsd }, {}]) {
      expect(validateFa3(Buffer.from(behindComment()), { ...opts, now: NOW }).issues.map((i) => i.code)).toEqual(['FA3_DOCTYPE']);
    }
  });

  it('refuses a DOCTYPE without entities and a lower-case doctype too', () => {
    const plain = `${DECL}<!DOCTYPE Faktura>\n${body(sample())}`;
    const lower = `${DECL}<!doctype Faktura>\n${body(sample())}`;
    for (const xml of [plain, lower]) expect(validateFa3(xml, { xsd, now: NOW }).issues.map((i) => i.code)).toEqual(['FA3_DOCTYPE']);
  });

  it('still reads a document whose comments before the root mention a DOCTYPE and another root', () => {
    const xml = `${DECL}<!-- <!DOCTYPE x> <Invoice xmlns="urn:x"> -->\n${body(sample())}`;
    expect(validateFa3(xml, { xsd, now: NOW }).valid).toBe(true);
  });

  it('finds the root namespace on the root element, not in a comment before it', () => {
    const xml = `${DECL}<!-- <Faktura xmlns="${FA3_NAMESPACE}"> -->\n${body(sample()).replace(FA3_NAMESPACE, 'http://example.com/not-fa3')}`;
    expect(thrownGatewayError(() => readFa3(xml, 'x.xml')).code).toBe('GW_FA3_NOT_FA3');
  });

  it('locates XSD errors in a document with a namespace prefix by element path', () => {
    const prefixed = sample().replace(/<(\/?)([A-Za-z_]\w*)([\s>/])/g, '<$1t:$2$3').replace('xmlns=', 'xmlns:t=').replace('<t:P_2>', '<t:Bogus/><t:P_2>');
    const issues = xsd.validate(prefixed);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0].location).toBe('Fa/Bogus');
  });
});

describe('cost of hostile FA(3) documents', () => {
  let xsd: Fa3XsdValidator;
  beforeAll(async () => {
    xsd = await Fa3XsdValidator.load(SCHEMAS_DIR);
  });
  afterAll(() => xsd.dispose());

  it('stops after the file checks once the size limit is broken: no schema, reader or rule issue for a 6 MB file', () => {
    const line = /<FaWiersz>[\s\S]*?<\/FaWiersz>/.exec(sample())![0];
    const huge = sample().replace(line, line.repeat(Math.ceil(6_000_000 / line.length)));
    expect(huge.length).toBeGreaterThan(6_000_000);
    const result = validateFa3(Buffer.from(huge), { xsd, now: NOW });
    expect(result.valid).toBe(false);
    expect(result.issues.map((i) => i.layer)).toEqual(['file']);
    expect(result.issues.map((i) => i.code)).toEqual(['FA3_SIZE_LIMIT']);
  });

  it('the reader refuses a document over 3 MB before parsing it, bytes or text, and reads one just under', () => {
    const line = /<FaWiersz>[\s\S]*?<\/FaWiersz>/.exec(sample())![0];
    const huge = sample().replace(line, line.repeat(Math.ceil(3_100_000 / line.length)));
    for (const input of [huge, Buffer.from(huge)]) {
      const err = thrownGatewayError(() => readFa3(input, 'huge.xml'));
      expect(err.code).toBe('GW_FA3_TOO_LARGE');
      expect(err.message).toContain('huge.xml');
    }
    // Multi-byte text is measured in UTF-8 bytes, not characters.
    const polish = sample().replace(/<P_2>[^<]*<\/P_2>/, `<P_2>${'ż'.repeat(600_000)}</P_2>`);
    expect(polish.length).toBeLessThan(1_000_000);
    expect(thrownGatewayError(() => readFa3(polish, 'p.xml', { maxBytes: 1_000_000 })).code).toBe('GW_FA3_TOO_LARGE');
    expect(readFa3(sample(), 's.xml', { maxBytes: Buffer.byteLength(sample()) }).Fa).toBeDefined();
  });

  it('reads a 900,000-digit amount as no number (no unbounded arithmetic) and quotes at most 400 characters of it', () => {
    const xml = sample().replace(/<P_15>[^<]*<\/P_15>/, `<P_15>${'9'.repeat(900_000)}</P_15>`);
    const result = validateFa3(Buffer.from(xml), { xsd, now: NOW });
    expect(result.valid).toBe(false);
    expect(result.issues.length).toBeGreaterThan(0);
    for (const issue of result.issues) expect(issue.message.length).toBeLessThan(500);
    expect(JSON.stringify(result.issues).length).toBeLessThan(20_000);
  });

  it('lists at most 100 issues per document and counts the rest', () => {
    const line = /<FaWiersz>[\s\S]*?<\/FaWiersz>/.exec(sample())![0];
    const bad = line.replace(/<P_8B>[^<]*<\/P_8B>/, '<P_8B>x</P_8B>');
    const xml = sample().replace(line, bad.repeat(600));
    const result = validateFa3(Buffer.from(xml), { xsd, now: NOW });
    expect(result.issues).toHaveLength(101);
    const more = result.issues[100];
    expect(more.code).toBe('FA3_MORE_ISSUES');
    const listed = Number(/^(\d+) more issues/.exec(more.message)![1]);
    expect(listed).toBeGreaterThanOrEqual(500);
    expect(xsd.validate(xml)).toHaveLength(101);
  });
});
