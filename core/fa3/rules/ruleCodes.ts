/**
 * Rule codes KSeF itself enforces on submission (FA3.md §10.1): an invoice failing one is rejected, so no
 * configuration turns them into warnings. The NIP checksum is checked in production only: against TEST and DEMO the
 * gateway reports it as a warning (`applyRulePolicy`).
 */
export const KSEF_ENFORCED_RULE_CODES = ['FA3_NIP_CHECKSUM', 'FA3_P1_IN_FUTURE', 'FA3_SIZE_LIMIT'] as const;

/**
 * The VAT-consistency rules KSeF accepts invoices without (sums, flags, line numbers, references: FA3.md §10.2).
 * They are errors by default; `contexts[].validation.warn` turns chosen ones into warnings for one seller, because
 * blocking a company's billing on a rule KSeF accepts must be a decision, not an accident.
 */
export const VAT_CONSISTENCY_RULE_CODES = [
  'FA3_ADVANCE_EXCEEDS_ORDER', 'FA3_ADVANCE_INVOICES_MISSING', 'FA3_ADVANCE_SPLIT_MISMATCH', 'FA3_BUYER_NIP_PLACEMENT',
  'FA3_CONTRACT_CURRENCY_PLN', 'FA3_CONTRACT_RATE_INCOMPLETE', 'FA3_CORRECTED_INVOICE_MISSING', 'FA3_CORRECTION_DATA_UNEXPECTED',
  'FA3_CREATION_TIME_NO_ZONE', 'FA3_CREATION_TIME_PRECISION', 'FA3_DELIVERY_DATE_MIXED', 'FA3_EXEMPTION_FLAG_MISSING',
  'FA3_GV_MEMBER_MISSING', 'FA3_IDWEW_CHECK_DIGIT', 'FA3_JST_RECIPIENT_MISSING', 'FA3_LINE_NUMBER_DUPLICATE',
  'FA3_LINE_RATE_MISSING', 'FA3_MARGIN_FLAG_MISSING', 'FA3_NET_SUM_MISMATCH', 'FA3_ORDER_MISSING', 'FA3_ORDER_VALUE_MISMATCH',
  'FA3_P15ZK_MISSING', 'FA3_PLN_TAX_MISMATCH', 'FA3_PLN_TAX_MISSING', 'FA3_PLN_TAX_UNEXPECTED',
  'FA3_REVERSE_CHARGE_FLAG_MISSING', 'FA3_SIMPLIFIED_OVER_LIMIT', 'FA3_SPLIT_PAYMENT_CHECK', 'FA3_SPLIT_PAYMENT_FLAG_MISSING',
  'FA3_STANPRZED_UNEXPECTED', 'FA3_TAX_MISMATCH', 'FA3_TOTAL_MISMATCH',
] as const;

export type KsefEnforcedRuleCode = (typeof KSEF_ENFORCED_RULE_CODES)[number];
export type VatConsistencyRuleCode = (typeof VAT_CONSISTENCY_RULE_CODES)[number];

const enforced: ReadonlySet<string> = new Set(KSEF_ENFORCED_RULE_CODES);
const consistency: ReadonlySet<string> = new Set(VAT_CONSISTENCY_RULE_CODES);

export function isKsefEnforcedRule(code: string): code is KsefEnforcedRuleCode {
  return enforced.has(code);
}

export function isVatConsistencyRule(code: string): code is VatConsistencyRuleCode {
  return consistency.has(code);
}
