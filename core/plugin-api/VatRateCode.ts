/**
 * The VAT rate codes of FA(3) (`P_12`): the percentages, the three 0% cases (domestic `0 KR`, intra-EU supply
 * `0 WDT`, export `0 EX`), exempt `zw`, domestic reverse charge `oo`, and not taxable in Poland (`np I`: art. 100
 * ust. 1 pkt 4 services, `np II`: other).
 *
 * @example
 * ```ts
 * const rate: VatRateCode = '23';
 * if (!isVatRateCode(row.vat)) errors.push(`unknown VAT rate ${row.vat}`);
 * ```
 */
export const VAT_RATE_CODES = ['23', '22', '8', '7', '5', '4', '3', '0 KR', '0 WDT', '0 EX', 'zw', 'oo', 'np I', 'np II'] as const;

/**
 * One of {@link VAT_RATE_CODES}.
 *
 * @example
 * ```ts
 * const wdt: VatRateCode = '0 WDT';
 * ```
 */
export type VatRateCode = (typeof VAT_RATE_CODES)[number];

const CODES: ReadonlySet<string> = new Set(VAT_RATE_CODES);

/**
 * True when `value` is exactly one of the FA(3) rate codes (case and spaces matter: `'0 WDT'`, not `'0wdt'`).
 *
 * @example
 * ```ts
 * isVatRateCode('8');    // true
 * isVatRateCode('8%');   // false
 * ```
 */
export function isVatRateCode(value: unknown): value is VatRateCode {
  return typeof value === 'string' && CODES.has(value);
}

/**
 * The percentage of a taxed rate code (`'23'` -> `'23'`), or undefined for the codes that carry no Polish tax
 * (0 %, `zw`, `oo`, `np`).
 *
 * @example
 * ```ts
 * vatPercent('8');      // '8'
 * vatPercent('0 WDT');  // undefined
 * ```
 */
export function vatPercent(code: VatRateCode): string | undefined {
  return /^\d+$/.test(code) ? code : undefined;
}
