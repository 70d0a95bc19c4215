import { hasErrors } from '../../../plugins/sap/idoc/Idoc.js';
import { invoic02Layout } from '../../../plugins/sap/idoc/invoic02Defaults.js';
import { parseIdoc } from '../../../plugins/sap/idoc/parseIdoc.js';
import { writeIdocXml } from '../../../plugins/sap/idoc/writeIdoc.js';
import { mapInvoic02, type MappedInvoice } from '../../../plugins/sap/mapping/mapInvoic02.js';
import { sapMappingSchema } from '../../../plugins/sap/mapping/SapMapping.js';
import { invoic02, type FixtureOptions } from './invoic02Fixtures.js';

const mapping = sapMappingSchema.parse({ taxCodes: { A8: '0 WDT', E0: '0 EX', RC: 'oo' } });
const layout = invoic02Layout();

function mapped(options: FixtureOptions, xmlEdit: (xml: string) => string = (x) => x, m = mapping): MappedInvoice {
  const idoc = parseIdoc(xmlEdit(writeIdocXml([invoic02(options)])), layout).idocs[0];
  expect(hasErrors(idoc)).toBe(false);
  return mapInvoic02(idoc, m);
}

function ok(result: MappedInvoice): Extract<MappedInvoice, { ok: true }> {
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result;
}

describe('mapInvoic02', () => {
  it('maps a domestic invoice: parties, number, dates, lines with rates from MWSKZ/MSATZ, payment, notes', () => {
    const r = ok(mapped({ items: 3 }));
    expect(r.erpId).toBe('0090001234');
    expect(r.draft).toMatchObject({
      kind: 'VAT', number: '0090001234', issueDate: '2026-02-10', saleDate: '2026-02-09',
      seller: { nip: '5265877635', name: 'Sprzedawca Sp. z o.o.', address: { country: 'PL', line1: 'ul. Prosta 1', line2: '00-001 Warszawa' } },
      buyer: { id: { type: 'nip', nip: '7352765225' }, name: 'Nabywca S.A.', customerNumber: '1005022' },
      payment: { dueDates: ['2026-03-12'], method: 'transfer', bankAccounts: [{ number: '61109010140000071219812874', swift: 'BPKOPLPW', bankName: 'PKO BP' }] },
      notes: ['Dziękujemy za zakupy'],
    });
    if (r.draft.kind !== 'VAT') throw new Error('kind');
    expect(r.draft.lines).toEqual([
      { name: 'Towar 1 & <spółka>', quantity: '1', unit: 'szt.', unitPrice: '12.5', vatRate: '23', id: '000010', index: '100001' },
      { name: 'Towar 2 & <spółka>', quantity: '2', unit: 'kg', unitPrice: '15', vatRate: '8', id: '000020', index: '100002' },
      { name: 'Towar 3 & <spółka>', quantity: '3', unit: 'szt.', unitPrice: '17.5', vatRate: '23', id: '000030', index: '100003' },
    ]);
    expect(r.sources['/lines/1/quantity']).toEqual({ kind: 'idoc', idoc: '0000000000182520', segment: 'E1EDP01', segmentNumber: expect.any(Number), field: 'MENGE' });
    expect(r.sources['/lines/1/vatRate']).toMatchObject({ segment: 'E1EDP04', field: 'MWSKZ' });
  });

  it('maps a credit memo to KOR referring to the original billing document as ERP id, with negative lines', () => {
    const r = ok(mapped({ kind: 'credit-memo', original: '0090000001', vbeln: '0091000001' }, (x) => x, { ...mapping, erpIdPrefix: 'PRD/' }));
    expect(r.erpId).toBe('PRD/0091000001');
    expect(r.draft).toMatchObject({ kind: 'KOR', correction: { of: { erpId: 'PRD/0090000001' } } });
    if (r.draft.kind !== 'KOR') throw new Error('kind');
    expect(r.draft.lines[0]).toEqual({ after: expect.objectContaining({ quantity: '-1', unitPrice: '12.5', vatRate: '23' }) });
  });

  it('maps a debit memo to KOR with positive lines and a cancellation to KOR removing the original lines', () => {
    const debit = ok(mapped({ kind: 'debit-memo', original: '0090000001' }));
    if (debit.draft.kind !== 'KOR') throw new Error('kind');
    expect(debit.draft.lines[0]).toEqual({ after: expect.objectContaining({ quantity: '1' }) });
    const cancel = ok(mapped({ kind: 'credit-memo', original: '0090000001' }, (x) => x.replace('<ORGID>G2</ORGID>', '<ORGID>S1</ORGID>')));
    if (cancel.draft.kind !== 'KOR') throw new Error('kind');
    expect(cancel.draft.lines[0]).toEqual({ before: expect.objectContaining({ quantity: '1' }) });
  });

  it('refuses a credit memo without the original billing document, naming E1EDK02', () => {
    const r = mapped({ kind: 'credit-memo' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toContainEqual(expect.objectContaining({ code: 'GW_SAP_MAP_ORIGINAL_MISSING', location: expect.objectContaining({ segment: 'E1EDK02', field: 'BELNR' }) }));
  });

  it('maps a down-payment request to ZAL with the gross amount received', () => {
    const r = ok(mapped({ kind: 'advance', items: 1 }));
    expect(r.draft).toMatchObject({ kind: 'ZAL', advance: { amount: '15.38' }, order: { lines: [expect.objectContaining({ vatRate: '23' })] } });
  });

  it('maps foreign currency with the exchange rate, direct and indirect', () => {
    expect(ok(mapped({ kind: 'foreign-currency' })).draft).toMatchObject({ currency: 'EUR', exchangeRate: '4.21500' });
    expect(ok(mapped({ kind: 'foreign-currency' }, (x) => x.replace('<WKURS>4.21500</WKURS>', '<WKURS>/0.25</WKURS>'))).draft).toMatchObject({ exchangeRate: '4.000000' });
  });

  it('maps reverse charge, intra-EU supply (EU VAT id, PL prefix) and export through the tax code table', () => {
    const rc = ok(mapped({ kind: 'reverse-charge' })).draft;
    expect(rc.kind === 'VAT' && rc.lines[0].vatRate).toBe('oo');
    const wdt = ok(mapped({ kind: 'intra-eu' })).draft;
    expect(wdt).toMatchObject({ buyer: { id: { type: 'eu-vat', country: 'DE', number: '811907980' } }, seller: { euVatPrefix: true } });
    expect(wdt.kind === 'VAT' && wdt.lines[0].vatRate).toBe('0 WDT');
    const ex = ok(mapped({ kind: 'export' })).draft;
    expect(ex).toMatchObject({ buyer: { id: { type: 'none' }, address: { country: 'US' } } });
    expect(ex.kind === 'VAT' && ex.lines[0].vatRate).toBe('0 EX');
  });

  it('refuses a 0 % tax code the mapping does not list, naming the E1EDP04 segment and MWSKZ', () => {
    const r = mapped({ kind: 'intra-eu' }, (x) => x, sapMappingSchema.parse({}));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toMatchObject({ code: 'GW_SAP_MAP_TAX_CODE_UNMAPPED', location: { docnum: '0000000000182520', segment: 'E1EDP04', field: 'MWSKZ', segnum: expect.any(Number) } });
  });

  it('reports an E1EDS01 total that differs from the computed sums, with both values', () => {
    const r = mapped({}, (x) => x.replace(/<SUMID>011<\/SUMID><SUMME>([\d.]+)<\/SUMME>/, '<SUMID>011</SUMID><SUMME>999.99</SUMME>'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([expect.objectContaining({ code: 'GW_SAP_MAP_TOTAL_MISMATCH', message: expect.stringContaining('999.99'), location: expect.objectContaining({ segment: 'E1EDS01', field: 'SUMME' }) })]);
    const lenient = mapped({}, (x) => x.replace(/<SUMID>011<\/SUMID><SUMME>([\d.]+)<\/SUMME>/, '<SUMID>011</SUMID><SUMME>999.99</SUMME>'), { ...mapping, totals: 'warning' });
    expect(lenient.ok).toBe(true);
    expect(lenient.warnings[0].code).toBe('GW_SAP_MAP_TOTAL_MISMATCH');
  });

  it('reports a number SAP wrote that is not one, and a date that does not exist', () => {
    const r = mapped({}, (x) => x.replace('<MENGE>1.000</MENGE>', '<MENGE>1,0,0</MENGE>').replace('<IDDAT>026</IDDAT><DATUM>20260210</DATUM>', '<IDDAT>026</IDDAT><DATUM>20260231</DATUM>'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.code, e.location.segment, e.location.field])).toEqual(expect.arrayContaining([
      ['GW_SAP_MAP_NOT_A_NUMBER', 'E1EDP01', 'MENGE'], ['GW_SAP_MAP_NOT_A_DATE', 'E1EDK03', 'DATUM'],
    ]));
  });

  it('passes Z-segments to the hook, which can change the draft and report located errors', () => {
    const idoc = parseIdoc(writeIdocXml([invoic02({ zSegment: true })]), layout).idocs[0];
    const r = mapInvoic02(idoc, mapping, ({ draft, segments }) => {
      const z = segments('Z1KSEF')[0];
      return z?.fields.MPP === 'X' ? { ...draft, annotations: { splitPayment: true } } : draft;
    });
    expect(ok(r).draft.annotations).toEqual({ splitPayment: true });
    const refused = mapInvoic02(idoc, mapping, ({ segments, error }) => { error('Z_GTU_UNKNOWN', 'GTU_06 not allowed here', segments('Z1KSEF')[0], 'GTU'); });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.errors[0]).toMatchObject({ code: 'Z_GTU_UNKNOWN', location: { segment: 'Z1KSEF', field: 'GTU' } });
  });
});
