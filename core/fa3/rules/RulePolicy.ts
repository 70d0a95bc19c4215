import type { ValidationIssue } from '../validation/ValidationIssue.js';
import { isKsefEnforcedRule, type VatConsistencyRuleCode } from './ruleCodes.js';

/** The KSeF environment the invoices go to: it decides whether a wrong NIP check digit blocks (production only). */
export type RulesEnvironment = 'test' | 'demo' | 'production';

/**
 * Which business-rule findings block an invoice, for one context (DECISIONS.md 19): rules KSeF enforces are always
 * errors; the VAT-consistency rules listed in `warn` are warnings; the NIP checksum is an error in production only.
 */
export interface RulePolicy {
  readonly environment: RulesEnvironment;
  /** `contexts[].validation.warn`: VAT-consistency rules reported as warnings for this context. */
  readonly warn?: readonly VatConsistencyRuleCode[];
  /** The context the policy is for (named in the warning's message). */
  readonly contextNip?: string;
}

/** Every finding stays an error (the production environment, no operator choice): what `fa3 validate` applies by default. */
export const STRICT_RULE_POLICY: RulePolicy = { environment: 'production' };

/**
 * The findings with the policy's severities. Only business-rule findings (`layer: 'rule'`) change, and only from
 * error to warning; each changed message says why it does not block, so the ERP user reads the reason beside it.
 */
export function applyRulePolicy(issues: readonly ValidationIssue[], policy: RulePolicy): ValidationIssue[] {
  const warn = new Set<string>(policy.warn ?? []);
  return issues.map((issue) => {
    if (issue.layer !== 'rule' || issue.severity !== 'error') return issue;
    if (issue.code === 'FA3_NIP_CHECKSUM' && policy.environment !== 'production') {
      return { ...issue, severity: 'warning', message: `${issue.message} (a warning against KSeF ${policy.environment.toUpperCase()}: KSeF checks NIP check digits in production only)` };
    }
    // The config refuses enforced codes in `warn`; a policy built another way cannot smuggle one in either.
    if (warn.has(issue.code) && !isKsefEnforcedRule(issue.code)) {
      const whose = policy.contextNip ? ` of context ${policy.contextNip}` : '';
      return { ...issue, severity: 'warning', message: `${issue.message} (a warning by validation.warn${whose}; KSeF does not check it)` };
    }
    return issue;
  });
}
