import type { DecimalString } from '../decimal.js';
import type { DraftCorrectionLine, DraftLine } from './DraftLine.js';
import type { DraftBuyer, DraftSeller } from './DraftParty.js';
import type { DraftPayment } from './DraftPayment.js';
import type { DraftAdvance, DraftCorrection, InvoiceRef } from './InvoiceRef.js';

/**
 * What every kind of draft has: number, dates, currency, parties, method of calculation, annotations, payment, notes.
 *
 * @example
 * ```ts
 * const common = { number: 'FV/2026/02/0001', issueDate: '2026-02-15', saleDate: '2026-02-14',
 *   seller, buyer, payment: { dueDates: ['2026-03-01'], method: 'transfer' } };
 * ```
 */
export interface DraftCommon {
  /** The invoice number (`P_2`); with the seller's NIP and the kind it is KSeF's duplicate key. */
  readonly number: string;
  /** `YYYY-MM-DD`, the Polish calendar date; never later than the day KSeF receives it. */
  readonly issueDate: string;
  readonly issuePlace?: string;
  /** Delivery or service date when it differs from the issue date (`P_6`); exclusive with `salePeriod`. */
  readonly saleDate?: string;
  /** Billing period of periodic services (`OkresFa`). */
  readonly salePeriod?: { readonly from: string; readonly to: string };
  /** ISO 4217 code in capitals; default `PLN`. */
  readonly currency?: string;
  /** PLN per one unit of `currency` (the NBP rate of the last business day before the tax point); required for a foreign currency with taxed lines. */
  readonly exchangeRate?: DecimalString;
  /** Whether unit prices are net (`net`, the default) or gross (`gross`: VAT taken out of the gross sum per rate). */
  readonly calculation?: 'net' | 'gross';
  readonly seller: DraftSeller;
  readonly buyer: DraftBuyer;
  /** Legal basis of an exemption; required when a line is `zw` (`P_19A` act, `P_19B` directive, `P_19C` other). */
  readonly exemption?: { readonly basis: 'act' | 'directive' | 'other'; readonly text: string };
  /** Margin scheme of the `margin` lines (`P_PMarzy_2`, `_3_1`, `_3_2`, `_3_3`). */
  readonly margin?: 'travel' | 'used-goods' | 'art' | 'antiques';
  /** Flags of `Adnotacje` that lines cannot tell (reverse charge follows from `oo` lines, exemption from `zw`). */
  readonly annotations?: {
    readonly cashAccounting?: boolean;
    readonly selfBilling?: boolean;
    readonly splitPayment?: boolean;
    readonly triangular?: boolean;
  };
  readonly payment?: DraftPayment;
  /** Free text printed in the footer (`Stopka/Informacje`), at most 3. */
  readonly notes?: readonly string[];
  /** Key/value data without a dedicated field (`DodatkowyOpis`); `line` ties one to a line number (1-based). */
  readonly extras?: readonly { readonly key: string; readonly value: string; readonly line?: number }[];
}

/**
 * A plain invoice (`VAT`) or a simplified one (`UPR`, at most 450 PLN or 100 EUR gross).
 *
 * @example
 * ```ts
 * const draft: InvoiceDraft = { kind: 'VAT', number: 'FV/1', issueDate: '2026-02-15', seller, buyer,
 *   lines: [{ name: 'Usługa', quantity: '1', unit: 'szt.', unitPrice: '100', vatRate: '23' }] };
 * ```
 */
export interface SaleDraft extends DraftCommon {
  readonly kind: 'VAT' | 'UPR';
  readonly lines: readonly DraftLine[];
}

/**
 * An advance invoice (`ZAL`): the gross amount received, split over the order's rates in proportion to the
 * order's gross value per rate (VAT Act art. 106f). `earlierAdvances` lists the previous advance invoices when this
 * is the last one of an order.
 *
 * @example
 * ```ts
 * const draft: InvoiceDraft = { kind: 'ZAL', number: 'FZ/1', issueDate: '2026-02-15', seller, buyer,
 *   advance: { amount: '20000', receivedDate: '2026-02-15' },
 *   order: { lines: [{ name: 'Mieszkanie', quantity: '1', unitPrice: '300000', vatRate: '23' }] } };
 * ```
 */
export interface AdvanceDraft extends DraftCommon {
  readonly kind: 'ZAL';
  readonly advance: { readonly amount: DecimalString; readonly receivedDate?: string };
  readonly order: { readonly lines: readonly DraftLine[] };
  readonly earlierAdvances?: readonly InvoiceRef[];
}

/**
 * A settlement invoice (`ROZ`): the whole order in `lines`, the advance invoices it deducts in `advances`; the
 * totals are what remains.
 *
 * @example
 * ```ts
 * const draft: InvoiceDraft = { kind: 'ROZ', number: 'FV/9', issueDate: '2026-08-17', seller, buyer,
 *   lines, advances: [{ invoice: { erpId: 'FZ-1' } }] };
 * ```
 */
export interface SettlementDraft extends DraftCommon {
  readonly kind: 'ROZ';
  readonly lines: readonly DraftLine[];
  readonly advances: readonly DraftAdvance[];
}

/**
 * A correction of a `VAT`, `UPR` or `ROZ` invoice (`KOR`; `KOR_ROZ` for a settlement, with `remainingBefore`, the
 * amount that remained to pay before the correction): lines before and after, totals as the difference.
 *
 * @example
 * ```ts
 * const draft: InvoiceDraft = { kind: 'KOR', number: 'FK/1', issueDate: '2026-03-02', seller, buyer,
 *   correction: { of: { erpId: 'FV-1' }, reason: 'price' },
 *   lines: [{ before: { name: 'Toner', quantity: '3', unitPrice: '120', vatRate: '23' },
 *             after: { name: 'Toner', quantity: '3', unitPrice: '100', vatRate: '23' } }] };
 * ```
 */
export type CorrectionDraft =
  | (DraftCommon & { readonly kind: 'KOR'; readonly correction: DraftCorrection; readonly lines: readonly DraftCorrectionLine[] })
  | (DraftCommon & {
      readonly kind: 'KOR_ROZ';
      readonly correction: DraftCorrection;
      readonly lines: readonly DraftCorrectionLine[];
      readonly remainingBefore: DecimalString;
    });

/**
 * A correction of an advance invoice (`KOR_ZAL`): the advance amount and the order, each before and after.
 *
 * @example
 * ```ts
 * const draft: InvoiceDraft = { kind: 'KOR_ZAL', number: 'FK/5', issueDate: '2026-03-15', seller, buyer,
 *   correction: { of: { erpId: 'FZ-1' }, reason: 'wrong rate' },
 *   advance: { before: '20000', after: '20000' },
 *   order: { lines: [{ before: { name: 'Mieszkanie', quantity: '1', unitPrice: '300000', vatRate: '23' },
 *                      after: { name: 'Mieszkanie', quantity: '1', unitPrice: '341666.67', vatRate: '8' } }] } };
 * ```
 */
export interface AdvanceCorrectionDraft extends DraftCommon {
  readonly kind: 'KOR_ZAL';
  readonly correction: DraftCorrection;
  readonly advance: { readonly before: DecimalString; readonly after: DecimalString };
  readonly order: { readonly lines: readonly DraftCorrectionLine[] };
}

/**
 * The simple form of an invoice an ERP knows; the core completes it into FA(3) (every line value, `P_13_x`,
 * `P_14_x`, `P_14_xW`, `P_15`, `Adnotacje`), validates it and sends it. Switch on `kind`. Amounts, prices,
 * quantities and rates are {@link DecimalString}s. The JSON Schema is docs/invoice-draft.schema.json; docs/drafts.md
 * has a worked example per kind.
 *
 * @example
 * ```ts
 * const draft: InvoiceDraft = {
 *   kind: 'VAT', number: 'FV/2026/02/0001', issueDate: '2026-02-15', saleDate: '2026-02-14',
 *   seller: { nip: '5265877635', name: 'Sprzedawca Sp. z o.o.', address: { country: 'PL', line1: 'ul. Prosta 1', line2: '00-001 Warszawa' } },
 *   buyer: { id: { type: 'nip', nip: '7352765225' }, name: 'Nabywca S.A.', address: { country: 'PL', line1: 'ul. Krzywa 2, 30-001 Kraków' } },
 *   lines: [
 *     { name: 'Usługa serwisowa', quantity: '2', unit: 'szt.', unitPrice: '50.00', vatRate: '23' },
 *     { name: 'Usługa gastronomiczna', quantity: '1', unit: 'szt.', unitPrice: '50.00', vatRate: '8' },
 *   ],
 *   payment: { dueDates: ['2026-03-01'], method: 'transfer', bankAccounts: [{ number: '61109010140000071219812874' }] },
 * };
 * await ctx.gateway.submit({ erpId: 'FV-2026-02-0001', payload: { format: 'draft', draft } });
 * ```
 */
export type InvoiceDraft = SaleDraft | AdvanceDraft | SettlementDraft | CorrectionDraft | AdvanceCorrectionDraft;

/**
 * The invoice kinds (`RodzajFaktury`).
 *
 * @example
 * ```ts
 * const kind: InvoiceKind = draft.kind;
 * ```
 */
export type InvoiceKind = InvoiceDraft['kind'];
