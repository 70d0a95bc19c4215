import { validateFa3 } from '../../../../core/fa3/validation/validateFa3.js';
import { NOW, sampleBytes } from '../rules/sampleInvoices.js';

const base = (): string => sampleBytes('FA_3_Przyklad_1.xml').toString('utf8');
const codes = (xml: string | Uint8Array): string[] => validateFa3(xml, { now: NOW }).issues.map((i) => i.code);

describe('validateFa3 file checks', () => {
  it('rejects a UTF-8 byte order mark, in bytes and in a string', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), sampleBytes('FA_3_Przyklad_1.xml')]);
    expect(codes(bytes)).toEqual(['FA3_BOM']);
    expect(codes(`\uFEFF${base()}`)).toEqual(['FA3_BOM']);
  });

  it('rejects bytes that are not UTF-8', () => {
    const bytes = Buffer.from(base().replace('Warszawa', 'Warszawa \u0142'), 'latin1');
    const r = validateFa3(bytes, { now: NOW });
    expect(r.issues.map((i) => [i.code, i.layer])).toEqual([['FA3_ENCODING', 'file']]);
  });

  it('rejects a declaration of another encoding', () => {
    expect(codes(base().replace(/encoding="UTF-8"/i, 'encoding="ISO-8859-2"'))).toContain('FA3_ENCODING');
  });

  it('rejects processing instructions such as xml-stylesheet', () => {
    const xml = base().replace(/(<\?xml[^>]*\?>)/, '$1\n<?xml-stylesheet type="text/xsl" href="styl.xsl"?>');
    const r = validateFa3(xml, { now: NOW });
    expect(r.issues.map((i) => [i.code, i.location])).toEqual([['FA3_PROCESSING_INSTRUCTION', 'line 2, column 1']]);
  });

  it('rejects the characters KSeF discourages, naming the code point and line', () => {
    const xml = base().replace('<P_7>', '<P_7>ilo\u0139\u203a\u00c4\u0087 ');
    const r = validateFa3(xml, { now: NOW });
    expect(r.issues.map((i) => i.code)).toEqual(['FA3_FORBIDDEN_CHARACTER']);
    expect(r.issues[0].message).toContain('U+0087');
    expect(r.issues[0].location).toMatch(/^line \d+, column \d+$/);
  });

  it('rejects non-characters of the supplementary planes and U+FDD0', () => {
    const xml = base().replace('<P_7>', '<P_7>\u{1FFFE}\uFDD0');
    expect(codes(xml)).toEqual(['FA3_FORBIDDEN_CHARACTER', 'FA3_FORBIDDEN_CHARACTER']);
  });

  it('accepts U+0085 and ordinary Polish text', () => {
    expect(codes(base().replace('<P_7>', '<P_7>zażółć gęślą jaźń \u0085'))).toEqual([]);
  });

  it('rejects an invoice over 1 MB without an attachment', () => {
    const xml = base().replace('</Faktura>', `<!--${'x'.repeat(1_000_000)}--></Faktura>`);
    const r = validateFa3(xml, { now: NOW });
    expect(r.issues.map((i) => [i.code, i.layer])).toEqual([['FA3_SIZE_LIMIT', 'file']]);
  });

  it('allows up to 3 MB for an invoice with an attachment', () => {
    const xml = sampleBytes('FA_3_Przyklad_24.xml').toString('utf8').replace('</Faktura>', `<!--${'x'.repeat(1_500_000)}--></Faktura>`);
    expect(codes(xml)).toEqual([]);
  });
});
