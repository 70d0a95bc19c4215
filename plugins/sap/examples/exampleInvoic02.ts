import type { IdocSegment } from '../idoc/Idoc.js';
import type { IdocContent } from '../idoc/writeIdoc.js';

/** Example INVOIC02 IDocs of every billing situation the plugin maps, built from the documented layouts: used by the tests, the benchmark and as a starting point for a customer's own test IDocs. */
export type FixtureKind = 'domestic' | 'credit-memo' | 'debit-memo' | 'advance' | 'foreign-currency' | 'reverse-charge' | 'intra-eu' | 'export';

export interface FixtureOptions {
  readonly kind?: FixtureKind;
  readonly items?: number;
  readonly docnum?: string;
  readonly vbeln?: string;
  /** Billing document number of the invoice a credit or debit memo corrects. */
  readonly original?: string;
  readonly extension?: string;
  /** Adds a customer Z-segment under the bill-to partner, as extensions do. */
  readonly zSegment?: boolean;
  readonly issueDate?: string;
  readonly sellerVat?: string;
}

interface Seg { name: string; fields: Record<string, string>; children?: Seg[] }

const TAX: Record<FixtureKind, { mwskz: string; rate: number }[]> = {
  domestic: [{ mwskz: 'A1', rate: 23 }, { mwskz: 'A2', rate: 8 }],
  'credit-memo': [{ mwskz: 'A1', rate: 23 }],
  'debit-memo': [{ mwskz: 'A1', rate: 23 }],
  advance: [{ mwskz: 'A1', rate: 23 }],
  'foreign-currency': [{ mwskz: 'A1', rate: 23 }],
  'reverse-charge': [{ mwskz: 'RC', rate: 0 }],
  'intra-eu': [{ mwskz: 'A8', rate: 0 }],
  export: [{ mwskz: 'E0', rate: 0 }],
};
const BILLING_TYPE: Record<FixtureKind, string> = {
  domestic: 'F2', 'credit-memo': 'G2', 'debit-memo': 'L2', advance: 'FAZ', 'foreign-currency': 'F2', 'reverse-charge': 'F2', 'intra-eu': 'F2', export: 'F2',
};

/** grosze -> "123.45" (SAP writes a trailing minus for negatives; credit memos in INVOIC02 carry positive values). */
const amount = (cents: number): string => `${Math.trunc(cents / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;

/** An INVOIC02 IDoc of the given kind, as SAP S/4 fills it (field order as in the layouts). */
export function exampleInvoic02(options: FixtureOptions = {}): IdocContent {
  const kind = options.kind ?? 'domestic';
  const docnum = options.docnum ?? '0000000000182520';
  const vbeln = options.vbeln ?? '0090001234';
  const date = options.issueDate ?? '20260210';
  const currency = kind === 'foreign-currency' || kind === 'intra-eu' || kind === 'export' ? 'EUR' : 'PLN';
  const buyerVat = kind === 'intra-eu' ? 'DE811907980' : kind === 'export' ? '' : 'PL7352765225';
  const buyerCountry = kind === 'intra-eu' ? 'DE' : kind === 'export' ? 'US' : 'PL';
  const taxes = TAX[kind];
  const items: Seg[] = [];
  let net = 0;
  const taxByCode = new Map<string, { rate: number; base: number; tax: number }>();
  const count = options.items ?? 2;
  for (let i = 1; i <= count; i++) {
    const t = taxes[(i - 1) % taxes.length];
    const qty = i;
    const price = 1000 + i * 250; // grosze
    const value = qty * price;
    const tax = Math.round((value * t.rate) / 100);
    net += value;
    const bucket = taxByCode.get(t.mwskz) ?? { rate: t.rate, base: 0, tax: 0 };
    taxByCode.set(t.mwskz, { rate: t.rate, base: bucket.base + value, tax: bucket.tax + tax });
    items.push({
      name: 'E1EDP01',
      fields: { POSEX: String(i * 10).padStart(6, '0'), MENGE: `${qty}.000`, MENEE: i % 2 ? 'PCE' : 'KGM', VPREI: amount(price), PEINH: '1', NETWR: amount(value), CURCY: currency },
      children: [
        { name: 'E1EDP19', fields: { QUALF: '002', IDTNR: String(100000 + i).padStart(18, '0'), KTEXT: `Towar ${i} & <spółka>` } },
        { name: 'E1EDP26', fields: { QUALF: '003', BETRG: amount(value) } },
        { name: 'E1EDP04', fields: { MWSKZ: t.mwskz, MSATZ: `${t.rate}.000`, MWSBT: amount(tax) } },
        { name: 'E1EDPT1', fields: { TDID: '0001', TSSPRAS: 'L', TSSPRAS_ISO: 'PL' }, children: [{ name: 'E1EDPT2', fields: { TDLINE: `Opis pozycji ${i}` } }] },
      ],
    });
  }
  // SAP rounds tax per item; the totals here are per rate, as the VAT Act and the gateway compute them (the
  // pricing procedure can round either way, and the mapping checks the totals against the per-rate sums).
  for (const b of taxByCode.values()) b.tax = Math.round((b.base * b.rate) / 100);
  const totalTax = [...taxByCode.values()].reduce((s, b) => s + b.tax, 0);
  const billTo: Seg = {
    name: 'E1EDKA1',
    fields: { PARVW: 'RE', PARTN: '0001005022', NAME1: kind === 'intra-eu' ? 'Käufer GmbH' : 'Nabywca S.A.', STRAS: 'ul. Krzywa 2', ORT01: 'Kraków', PSTLZ: '30-001', LAND1: buyerCountry },
    children: options.zSegment ? [{ name: 'Z1KSEF', fields: { GTU: 'GTU_06', MPP: 'X' } }] : [],
  };
  const segments: Seg[] = [
    { name: 'E1EDK01', fields: { CURCY: currency, HWAER: 'PLN', WKURS: currency === 'PLN' ? '1.00000' : '4.21500', ZTERM: 'N30', ...(buyerVat ? { KUNDEUINR: buyerVat } : {}), EIGENUINR: options.sellerVat ?? 'PL5265877635', BSART: 'INVO', BELNR: vbeln } },
    { name: 'E1EDKA1', fields: { PARVW: 'RS', PARTN: '1000', NAME1: 'Sprzedawca Sp. z o.o.', STRAS: 'ul. Prosta 1', ORT01: 'Warszawa', PSTLZ: '00-001', LAND1: 'PL' } },
    { name: 'E1EDKA1', fields: { PARVW: 'AG', PARTN: '0001005022', NAME1: 'Nabywca S.A.', LAND1: buyerCountry } },
    billTo,
    { name: 'E1EDK02', fields: { QUALF: '009', BELNR: vbeln, DATUM: date } },
    ...(options.original ? [{ name: 'E1EDK02', fields: { QUALF: '011', BELNR: options.original, DATUM: '20260115' } }] : []),
    { name: 'E1EDK03', fields: { IDDAT: '026', DATUM: date } },
    { name: 'E1EDK03', fields: { IDDAT: '027', DATUM: '20260209' } },
    { name: 'E1EDK03', fields: { IDDAT: '028', DATUM: '20260312' } },
    ...[...taxByCode].map(([code, b]) => ({ name: 'E1EDK04', fields: { MWSKZ: code, MSATZ: `${b.rate}.000`, MWSBT: amount(b.tax) } })),
    { name: 'E1EDK14', fields: { QUALF: '003', ORGID: '1000' } },
    { name: 'E1EDK14', fields: { QUALF: '015', ORGID: BILLING_TYPE[kind] } },
    { name: 'E1EDK18', fields: { QUALF: '001', TAGE: '30', ZTERM_TXT: 'Płatne w ciągu 30 dni' } },
    { name: 'E1EDK28', fields: { BCOUN: 'PL', BRNUM: 'BPKOPLPW', BNAME: 'PKO BP', ACNUM: '61109010140000071219812874', BIBAN: 'PL61109010140000071219812874' } },
    { name: 'E1EDKT1', fields: { TDID: '0002', TSSPRAS: 'L' }, children: [{ name: 'E1EDKT2', fields: { TDLINE: 'Dziękujemy za zakupy' } }] },
    ...items,
    { name: 'E1EDS01', fields: { SUMID: '001', SUMME: String(count) } },
    { name: 'E1EDS01', fields: { SUMID: '010', SUMME: amount(net), WAERQ: currency } },
    { name: 'E1EDS01', fields: { SUMID: '005', SUMME: amount(totalTax), WAERQ: currency } },
    { name: 'E1EDS01', fields: { SUMID: '011', SUMME: amount(net + totalTax), WAERQ: currency } },
  ];
  return {
    control: {
      TABNAM: 'EDI_DC40', MANDT: '100', DOCNUM: docnum, DOCREL: '756', STATUS: '30', DIRECT: '1', OUTMOD: '2', IDOCTYP: 'INVOIC02',
      ...(options.extension ? { CIMTYP: options.extension } : {}), MESTYP: 'INVOIC', SNDPOR: 'SAPPS4', SNDPRT: 'LS', SNDPRN: 'PS4CLNT100',
      RCVPOR: 'KSEFGW', RCVPRT: 'LS', RCVPRN: 'KSEFGW', CREDAT: date, CRETIM: '113055', SERIAL: `${date}113055`,
    },
    segments: numbered(segments),
  };
}

function numbered(segments: Seg[]): IdocSegment[] {
  let n = 0;
  const go = (list: Seg[]): IdocSegment[] => list.map((s) => {
    n += 1;
    const segnum = n;
    return { name: s.name, segnum, fields: s.fields, known: !s.name.startsWith('Z'), children: go(s.children ?? []) };
  });
  return go(segments);
}
