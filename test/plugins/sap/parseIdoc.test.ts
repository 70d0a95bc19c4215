import fc from 'fast-check';
import { hasErrors, type Idoc } from '../../../plugins/sap/idoc/Idoc.js';
import { IdocLayout } from '../../../plugins/sap/idoc/IdocLayout.js';
import { invoic02Layout } from '../../../plugins/sap/idoc/invoic02Defaults.js';
import { parseIdoc } from '../../../plugins/sap/idoc/parseIdoc.js';
import { writeFlatIdoc, writeIdocXml } from '../../../plugins/sap/idoc/writeIdoc.js';
import { invoic02, type FixtureKind } from './invoic02Fixtures.js';

const layout = invoic02Layout();
const KINDS: FixtureKind[] = ['domestic', 'credit-memo', 'debit-memo', 'advance', 'foreign-currency', 'reverse-charge', 'intra-eu', 'export'];
const withoutIssues = ({ issues: _i, ...rest }: Idoc): Omit<Idoc, 'issues'> => rest;

describe('parseIdoc', () => {
  it.each(KINDS)('reads the XML and the flat form of a %s INVOIC02 to the same IDoc', (kind) => {
    const idoc = invoic02({ kind, items: 10, original: kind.endsWith('memo') ? '0090000001' : undefined });
    const fromXml = parseIdoc(writeIdocXml([idoc]), layout);
    const fromFlat = parseIdoc(writeFlatIdoc([idoc], layout), layout);
    const fromTrimmed = parseIdoc(writeFlatIdoc([idoc], layout, false), layout);
    expect(fromXml.issues).toEqual([]);
    expect(fromXml.idocs[0].issues).toEqual([]);
    expect(fromFlat.idocs[0].issues).toEqual([]);
    expect(withoutIssues(fromFlat.idocs[0])).toEqual(withoutIssues(fromXml.idocs[0]));
    expect(withoutIssues(fromTrimmed.idocs[0])).toEqual(withoutIssues(fromXml.idocs[0]));
    expect(fromXml.idocs[0].segments.find((s) => s.name === 'E1EDP01')?.children.find((c) => c.name === 'E1EDP19')?.fields.KTEXT).toBe('Towar 1 & <spółka>');
  });

  it('reads flat files written with definition names (E2EDK01005) as the segment types', () => {
    const idoc = invoic02();
    const flat = writeFlatIdoc([idoc], layout).replace(/^E1EDK01 {23}/m, 'E2EDK01005                    ').replace(/^E1EDKA1 {23}/gm, 'E2EDKA1003                    ');
    const parsed = parseIdoc(flat, layout).idocs[0];
    expect(parsed.issues).toEqual([]);
    expect(parsed.segments[0]).toMatchObject({ name: 'E1EDK01', fields: { BELNR: '0090001234' } });
    expect(parsed.segments.filter((s) => s.name === 'E1EDKA1')).toHaveLength(3);
  });

  it('reads records with no line breaks by their fixed lengths', () => {
    const idoc = invoic02();
    const flat = writeFlatIdoc([idoc], layout).replace(/\n/g, '');
    expect(withoutIssues(parseIdoc(flat, layout).idocs[0])).toEqual(withoutIssues(parseIdoc(writeIdocXml([idoc]), layout).idocs[0]));
  });

  it('reads every IDoc of a packet, in XML and flat form', () => {
    const packet = [invoic02({ docnum: '0000000000000001', vbeln: '0090000001' }), invoic02({ docnum: '0000000000000002', vbeln: '0090000002', kind: 'export' })];
    for (const text of [writeIdocXml(packet), writeFlatIdoc(packet, layout)]) {
      const parsed = parseIdoc(text, layout);
      expect(parsed.idocs.map((i) => i.docnum)).toEqual(['0000000000000001', '0000000000000002']);
      expect(parsed.idocs.every((i) => !hasErrors(i))).toBe(true);
    }
  });

  it('keeps an unknown Z-segment, lists it once, and reads it by name once the customer layout knows it', () => {
    const idoc = invoic02({ zSegment: true, extension: 'ZINVOIC02' });
    const xml = writeIdocXml([idoc]);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?><ZINVOIC02>')).toBe(true);
    const plain = parseIdoc(xml, layout).idocs[0];
    expect(plain.unknownSegments).toEqual(['Z1KSEF']);
    expect(plain.extension).toBe('ZINVOIC02');
    expect(hasErrors(plain)).toBe(false);
    const billTo = plain.segments.find((s) => s.name === 'E1EDKA1' && s.fields.PARVW === 'RE');
    expect(billTo?.children[0]).toMatchObject({ name: 'Z1KSEF', known: false, fields: { GTU: 'GTU_06', MPP: 'X' } });

    const customer = layout.overriddenBy(IdocLayout.fromReadComplete({
      PT_SEGMENTS: [{ SEGMENTTYP: 'Z1KSEF', PARSEG: 'E1EDKA1' }],
      PT_FIELDS: [
        { SEGMENTTYP: 'Z1KSEF', FIELDNAME: 'GTU', BYTE_FIRST: '000064', EXTLEN: '000006' },
        { SEGMENTTYP: 'Z1KSEF', FIELDNAME: 'MPP', BYTE_FIRST: '000070', EXTLEN: '000001' },
      ],
    }));
    const fromXml = parseIdoc(xml, customer).idocs[0];
    const fromFlat = parseIdoc(writeFlatIdoc([idoc], customer), customer).idocs[0];
    expect(fromXml.unknownSegments).toEqual([]);
    expect(withoutIssues(fromFlat)).toEqual(withoutIssues(fromXml));
    expect(fromFlat.segments.find((s) => s.fields.PARVW === 'RE')?.children[0]).toMatchObject({ name: 'Z1KSEF', known: true, fields: { GTU: 'GTU_06', MPP: 'X' } });
  });

  it('keeps an unknown segment of a flat file with its raw SDATA', () => {
    const idoc = invoic02();
    const record = `${'E1EDK29'.padEnd(30)}100${'0000000000182520'}999999000000${'02'}ABC  123`.padEnd(1063);
    const flat = `${writeFlatIdoc([idoc], layout)}${record}\n`;
    const parsed = parseIdoc(flat, layout).idocs[0];
    expect(parsed.unknownSegments).toEqual(['E1EDK29']);
    expect(parsed.segments.at(-1)).toMatchObject({ name: 'E1EDK29', known: false, sdata: 'ABC  123', fields: {} });
  });

  it('answers a truncated data record in a padded file with its IDoc, segment, SEGNUM and line', () => {
    const lines = writeFlatIdoc([invoic02()], layout).split('\n');
    lines[5] = lines[5].slice(0, 200);
    const parsed = parseIdoc(lines.join('\n'), layout);
    const error = parsed.idocs[0].issues.find((i) => i.code === 'GW_SAP_IDOC_RECORD_TRUNCATED');
    expect(error).toMatchObject({ severity: 'error', location: { docnum: '0000000000182520', segment: 'E1EDK02', segnum: 5, line: 6 } });
    expect(hasErrors(parsed.idocs[0])).toBe(true);
  });

  it('answers a record that ends inside the data record header even in a trimmed file', () => {
    const lines = writeFlatIdoc([invoic02()], layout, false).split('\n');
    lines[3] = lines[3].slice(0, 40);
    const error = parseIdoc(lines.join('\n'), layout).idocs[0].issues.find((i) => i.code === 'GW_SAP_IDOC_RECORD_TRUNCATED');
    expect(error?.location).toMatchObject({ docnum: '0000000000182520', line: 4 });
  });

  it('names segment and field of malformed segments: a bad SEGNUM, a missing parent, a misplaced segment, a field too long', () => {
    const lines = writeFlatIdoc([invoic02()], layout).split('\n');
    lines[2] = `${lines[2].slice(0, 49)}00X002${lines[2].slice(55)}`; // SEGNUM of the 2nd segment
    const flat = parseIdoc(lines.join('\n'), layout).idocs[0];
    expect(flat.issues).toContainEqual(expect.objectContaining({ code: 'GW_SAP_IDOC_SEGNUM_INVALID', location: expect.objectContaining({ segment: 'E1EDKA1', field: 'SEGNUM', line: 3 }) }));

    const xml = writeIdocXml([invoic02()])
      .replace('<E1EDK02 SEGMENT="1"><QUALF>009</QUALF>', '<E1EDK02 SEGMENT="1"><E1EDP26 SEGMENT="1"><QUALF>003</QUALF></E1EDP26><QUALF>009</QUALF>')
      .replace('<ZTERM>N30</ZTERM>', `<ZTERM>${'N'.repeat(18)}</ZTERM>`);
    const parsed = parseIdoc(xml, layout).idocs[0];
    expect(parsed.issues).toContainEqual(expect.objectContaining({ code: 'GW_SAP_IDOC_SEGMENT_MISPLACED', location: expect.objectContaining({ segment: 'E1EDP26', segnum: 6 }) }));
    expect(parsed.issues).toContainEqual(expect.objectContaining({ code: 'GW_SAP_IDOC_FIELD_TOO_LONG', location: expect.objectContaining({ segment: 'E1EDK01', segnum: 1, field: 'ZTERM' }) }));
  });

  it('answers XML that is not well-formed with the line and column', () => {
    const xml = writeIdocXml([invoic02()]).replace('</E1EDK01>', '</E1EDK0>');
    const parsed = parseIdoc(xml, layout);
    expect(parsed.idocs).toEqual([]);
    expect(parsed.issues[0]).toMatchObject({ code: 'GW_SAP_IDOC_XML_MALFORMED', location: { line: 1 } });
    expect(parsed.issues[0].location.column).toBeGreaterThan(0);
  });

  it('answers XML that is not IDoc-XML', () => {
    expect(parseIdoc('<Faktura><Naglowek/></Faktura>', layout).issues[0].code).toBe('GW_SAP_IDOC_XML_NO_IDOC');
    expect(parseIdoc('<INVOIC02><IDOC BEGIN="1"><E1EDK01 SEGMENT="1"/></IDOC></INVOIC02>', layout).idocs[0].issues[0].code).toBe('GW_SAP_IDOC_NO_CONTROL_RECORD');
  });

  it('never throws on fuzzed IDoc-XML and locates every error it reports', () => {
    const xml = writeIdocXml([invoic02({ items: 3 })]);
    fc.assert(fc.property(fc.integer({ min: 0, max: xml.length - 1 }), fc.integer({ min: 0, max: 40 }), fc.string({ maxLength: 12 }), (at, cut, insert) => {
      const fuzzed = xml.slice(0, at) + insert + xml.slice(at + cut);
      const result = parseIdoc(fuzzed, layout);
      for (const issue of [...result.issues, ...result.idocs.flatMap((i) => i.issues)]) {
        expect(issue.code).toMatch(/^GW_SAP_IDOC_/);
        expect(Object.keys(issue.location).length).toBeGreaterThan(0);
      }
    }), { numRuns: 400 });
  });

  it('never throws on fuzzed flat records', () => {
    const flat = writeFlatIdoc([invoic02({ items: 2 })], layout, false);
    fc.assert(fc.property(fc.integer({ min: 0, max: flat.length - 1 }), fc.integer({ min: 0, max: 80 }), fc.string({ maxLength: 20 }), (at, cut, insert) => {
      const result = parseIdoc(flat.slice(0, at) + insert + flat.slice(at + cut), layout);
      expect(Array.isArray(result.idocs)).toBe(true);
    }), { numRuns: 400 });
  });
});
