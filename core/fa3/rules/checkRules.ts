import type { Faktura } from '../model/Faktura.js';
import type { ValidationIssue } from '../validation/ValidationIssue.js';
import { advanceInvoiceRule } from './advanceInvoiceRule.js';
import { amountLimitsRule } from './amountLimitsRule.js';
import { annotationsRule } from './annotationsRule.js';
import { creationTimeRule } from './creationTimeRule.js';
import { datesAndTermsRule } from './datesAndTermsRule.js';
import { foreignCurrencyRule } from './foreignCurrencyRule.js';
import { invoiceKindRule } from './invoiceKindRule.js';
import { issueDateRule } from './issueDateRule.js';
import { lineNumbersRule } from './lineNumbersRule.js';
import { nipRule } from './nipRule.js';
import { partiesRule } from './partiesRule.js';
import { sizeLimit } from './sizeLimit.js';
import { taxBucketsRule } from './taxBucketsRule.js';
import { totalRule } from './totalRule.js';

export interface CheckRulesOptions {
  /** The clock, injected: "P_1 not in the future" is judged against this instant in Poland. */
  now: Date;
  /** Which size limit applies (3 MB with an attachment, else 1 MB); default: whether the invoice has a Zalacznik. */
  hasAttachment?: boolean;
  /** Size of the XML in bytes, when known; without it the size limit is left to the file checks. */
  sizeBytes?: number;
}

/**
 * The business rules of FA(3) that the XSD cannot express (FA3.md §10): NIP checksums, tax summary arithmetic,
 * foreign-currency PLN tax, P_1 not in the future, invoice kind versus sections, advance split, annotations, parties, line
 * numbers, split-payment and simplified-invoice thresholds, delivery dates, contract currency, creation time. Pure: reads
 * nothing but its arguments (the clock is `now`). Every finding names its location; errors make the invoice
 * invalid, warnings do not.
 */
export function checkRules(invoice: Faktura, opts: CheckRulesOptions): ValidationIssue[] {
  const issues: ValidationIssue[] = [
    ...nipRule(invoice),
    ...issueDateRule(invoice, opts.now),
    ...taxBucketsRule(invoice),
    ...totalRule(invoice),
    ...foreignCurrencyRule(invoice),
    ...invoiceKindRule(invoice),
    ...advanceInvoiceRule(invoice),
    ...annotationsRule(invoice),
    ...partiesRule(invoice),
    ...lineNumbersRule(invoice),
    ...amountLimitsRule(invoice),
    ...datesAndTermsRule(invoice),
    ...creationTimeRule(invoice),
  ];
  if (opts.sizeBytes !== undefined) {
    issues.push(...sizeLimit(opts.sizeBytes, opts.hasAttachment ?? invoice.Zalacznik !== undefined, 'rule'));
  }
  return issues;
}
