import type { DecimalString } from '../decimal.js';

/**
 * How a buyer pays: FA(3) `FormaPlatnosci` 1-7 by name.
 *
 * @example
 * ```ts
 * const method: PaymentMethod = 'transfer';
 * ```
 */
export type PaymentMethod = 'cash' | 'card' | 'voucher' | 'cheque' | 'credit' | 'transfer' | 'mobile';

/**
 * Payment terms, method, accounts and what was already paid.
 *
 * @example
 * ```ts
 * const payment: DraftPayment = {
 *   dueDates: ['2026-03-01'], method: 'transfer',
 *   bankAccounts: [{ number: 'PL61109010140000071219812874', bankName: 'Bank' }],
 * };
 * const paidByCard: DraftPayment = { method: 'card', paid: { date: '2026-02-15' } };
 * ```
 */
export interface DraftPayment {
  readonly dueDates?: readonly string[];
  /** A due date described instead of given, e.g. 14 days from delivery of the invoice. */
  readonly dueIn?: { readonly count: number; readonly unit: string; readonly from: string };
  readonly method?: PaymentMethod;
  /** Another method, described (`PlatnoscInna`); instead of `method`. */
  readonly otherMethod?: string;
  readonly bankAccounts?: readonly { readonly number: string; readonly swift?: string; readonly bankName?: string; readonly description?: string }[];
  /** The invoice is fully paid (`Zaplacono`), on this date. */
  readonly paid?: { readonly date: string };
  /** Partial payments received so far (`ZaplataCzesciowa`); exclusive with `paid`. */
  readonly partialPayments?: readonly { readonly amount: DecimalString; readonly date: string; readonly method?: PaymentMethod }[];
  /** Early-payment discount (`Skonto`). */
  readonly earlyPaymentDiscount?: { readonly conditions: string; readonly amount: string };
}
