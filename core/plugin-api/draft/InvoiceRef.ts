import type { DecimalString } from '../decimal.js';
import type { VatRateCode } from '../VatRateCode.js';

/**
 * Points at an earlier invoice (the one a correction corrects, or an advance invoice a settlement settles): by its
 * KSeF number, by the ERP id the gateway received it under (the gateway looks up its number, date and KSeF number
 * in its own store), or as an invoice issued outside KSeF.
 *
 * @example
 * ```ts
 * const byKsef: InvoiceRef = { ksefNumber: '5265877635-20260215-0100001AF629-AF', number: 'FV/2026/02/1', issueDate: '2026-02-15' };
 * const byErp: InvoiceRef = { erpId: 'INV-2026-0001' };
 * const paper: InvoiceRef = { outsideKsef: true, number: 'FV/2025/12/9', issueDate: '2025-12-30' };
 * ```
 */
export type InvoiceRef =
  | { readonly ksefNumber: string; readonly number: string; readonly issueDate: string }
  | { readonly erpId: string }
  | { readonly outsideKsef: true; readonly number: string; readonly issueDate: string };

/**
 * A correction's reference and reason. `effect` is FA(3) `TypKorekty`: when the correction counts in the VAT
 * records (on the original's date, on the correction's date, or another/mixed).
 *
 * @example
 * ```ts
 * const correction: DraftCorrection = { of: { erpId: 'INV-2026-0001' }, reason: 'wrong unit price', effect: 'correction-date' };
 * ```
 */
export interface DraftCorrection {
  /** The corrected invoice (or several, for a collective rebate). */
  readonly of: InvoiceRef | readonly InvoiceRef[];
  readonly reason?: string;
  readonly effect?: 'original-date' | 'correction-date' | 'other';
}

/**
 * An advance invoice that a settlement (`ROZ`) deducts: which invoice, and the net and VAT it carried per rate.
 * `amounts` may be left out when `invoice` is an ERP id of an advance invoice this gateway sent: they are then
 * taken from it.
 *
 * @example
 * ```ts
 * const advance: DraftAdvance = {
 *   invoice: { ksefNumber: '5265877635-20260215-0100001AF629-AF', number: 'FZ/2026/02/150', issueDate: '2026-02-15' },
 *   amounts: [{ vatRate: '8', net: '27322.41', vat: '2185.79' }, { vatRate: '23', net: '399.84', vat: '91.96' }],
 * };
 * ```
 */
export interface DraftAdvance {
  readonly invoice: InvoiceRef;
  readonly amounts?: readonly { readonly vatRate: VatRateCode; readonly net: DecimalString; readonly vat: DecimalString }[];
}
