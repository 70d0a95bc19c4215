import type { Fa, FaWiersz } from '../model/Faktura.js';
import { token } from './ruleIssue.js';

type AmountField = { [K in keyof Fa]-?: Fa[K] extends string | undefined ? K : never }[keyof Fa];

/** One tax summary bucket of `Fa` (FA3.md §7.2): net field, tax fields, and the `P_12` codes that feed it. */
export interface RateBucket {
  readonly net: AmountField;
  readonly tax?: AmountField;
  /** Tax converted to PLN, for foreign-currency invoices (buckets 1-4 only). */
  readonly taxPln?: AmountField;
  readonly codes: readonly string[];
  /** Percent for each taxed code. */
  readonly percent?: Readonly<Record<string, string>>;
}

export const RATE_BUCKETS: readonly RateBucket[] = [
  { net: 'P_13_1', tax: 'P_14_1', taxPln: 'P_14_1W', codes: ['23', '22'], percent: { 23: '23', 22: '22' } },
  { net: 'P_13_2', tax: 'P_14_2', taxPln: 'P_14_2W', codes: ['8', '7'], percent: { 8: '8', 7: '7' } },
  { net: 'P_13_3', tax: 'P_14_3', taxPln: 'P_14_3W', codes: ['5'], percent: { 5: '5' } },
  { net: 'P_13_4', tax: 'P_14_4', taxPln: 'P_14_4W', codes: ['4', '3'], percent: { 4: '4', 3: '3' } },
  // OSS (dział XII rozdz. 6a): the line rate is a foreign one, in P_12_XII.
  { net: 'P_13_5', tax: 'P_14_5', codes: [] },
  { net: 'P_13_6_1', codes: ['0 KR'] },
  { net: 'P_13_6_2', codes: ['0 WDT'] },
  { net: 'P_13_6_3', codes: ['0 EX'] },
  { net: 'P_13_7', codes: ['zw'] },
  { net: 'P_13_8', codes: ['np I'] },
  { net: 'P_13_9', codes: ['np II'] },
  { net: 'P_13_10', codes: ['oo'] },
  // Margin scheme: lines carry no P_12.
  { net: 'P_13_11', codes: [] },
];

const BY_CODE = new Map<string, RateBucket>();
for (const b of RATE_BUCKETS) for (const c of b.codes) BY_CODE.set(c, b);
export const OSS_BUCKET = RATE_BUCKETS[4];
export const MARGIN_BUCKET = RATE_BUCKETS[12];

/** The bucket a line belongs to, or undefined when the line names no rate and the invoice is not a margin one. */
export function bucketOfLine(line: FaWiersz, marginInvoice: boolean): RateBucket | undefined {
  const code = token(line.P_12);
  if (code !== undefined) return BY_CODE.get(code);
  if (line.P_12_XII !== undefined) return OSS_BUCKET;
  return marginInvoice ? MARGIN_BUCKET : undefined;
}

export function isMarginInvoice(fa: Fa): boolean {
  return token(fa.Adnotacje?.PMarzy?.P_PMarzy) === '1';
}
