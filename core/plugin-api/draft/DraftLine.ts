import type { DecimalString } from '../decimal.js';
import type { VatRateCode } from '../VatRateCode.js';

/**
 * The rate of a draft line: an FA(3) VAT rate code, or `margin` for a line taxed under a margin scheme (the draft
 * then names the scheme in `margin`).
 *
 * @example
 * ```ts
 * const rate: DraftRate = 'zw';
 * ```
 */
export type DraftRate = VatRateCode | 'margin';

/**
 * GTU codes (goods and services groups of JPK_VAT), one per line.
 *
 * @example
 * ```ts
 * const gtu: GtuCode = 'GTU_12';
 * ```
 */
export type GtuCode =
  | 'GTU_01' | 'GTU_02' | 'GTU_03' | 'GTU_04' | 'GTU_05' | 'GTU_06' | 'GTU_07'
  | 'GTU_08' | 'GTU_09' | 'GTU_10' | 'GTU_11' | 'GTU_12' | 'GTU_13';

/**
 * One invoice line. `unitPrice` is net or gross as the draft's `calculation` says (one method per invoice, as the
 * VAT Act allows); the core computes the line value (quantity x unit price - discount, rounded half up to the
 * grosz) and every total.
 *
 * @example
 * ```ts
 * const line: DraftLine = { name: 'Usługa serwisowa', quantity: '2', unit: 'szt.', unitPrice: '50.00', vatRate: '23' };
 * const withDiscount: DraftLine = { name: 'Toner', quantity: '3', unit: 'szt.', unitPrice: '120', discount: '36', vatRate: '23' };
 * ```
 */
export interface DraftLine {
  readonly name: string;
  readonly quantity: DecimalString;
  readonly unit?: string;
  /** Per unit, net or gross according to the draft's `calculation` (at most 8 decimals). */
  readonly unitPrice: DecimalString;
  /** Amount taken off this line's value (not per unit), when the unit price does not already include it. */
  readonly discount?: DecimalString;
  readonly vatRate: DraftRate;
  /** Delivery date of this line when lines differ (`P_6A`); otherwise use the draft's `saleDate`. */
  readonly saleDate?: string;
  /** A stable id of the line (`UU_ID`), which corrections use to pair their before and after rows. */
  readonly id?: string;
  readonly index?: string;
  readonly gtin?: string;
  readonly pkwiu?: string;
  readonly cn?: string;
  readonly gtu?: GtuCode;
  /** Goods or services of Annex 15 (split payment, `P_12_Zal_15`). */
  readonly annex15?: boolean;
}

/**
 * A line of a correction: the line as it was (`before`) and as it is now (`after`). Leave out `before` for a line
 * the correction adds and `after` for one it removes. The core writes both rows (`StanPrzed` on the first) and puts
 * the difference into the totals.
 *
 * @example
 * ```ts
 * const fixedPrice: DraftCorrectionLine = {
 *   before: { name: 'Toner', quantity: '3', unitPrice: '120', vatRate: '23' },
 *   after: { name: 'Toner', quantity: '3', unitPrice: '100', vatRate: '23' },
 * };
 * ```
 */
export type DraftCorrectionLine =
  | { readonly before: DraftLine; readonly after: DraftLine }
  | { readonly before?: undefined; readonly after: DraftLine }
  | { readonly before: DraftLine; readonly after?: undefined };
