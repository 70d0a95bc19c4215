import type { Faktura } from '../model/Faktura.js';
import type { ValidationIssue } from '../validation/ValidationIssue.js';
import { ruleIssue, token } from './ruleIssue.js';

const ZONE = /(Z|[+-]\d{2}:\d{2})$/;
const LONG_FRACTION = /\.\d{4,}/;

/**
 * DataWytworzeniaFa is hashed with the invoice, so ambiguity there never goes away (FA3.md §2, pitfall 9): the XSD
 * accepts a time without a zone, whose meaning KSeF has not stated, and 7-digit fractions that some receivers
 * cannot parse. Both are legal, hence warnings.
 */
export function creationTimeRule(invoice: Faktura): ValidationIssue[] {
  const value = token(invoice.Naglowek?.DataWytworzeniaFa);
  if (value === undefined) return [];
  const issues: ValidationIssue[] = [];
  if (!ZONE.test(value)) {
    issues.push(ruleIssue('FA3_CREATION_TIME_NO_ZONE', 'Naglowek/DataWytworzeniaFa',
      `DataWytworzeniaFa ${value} has no time zone; write it in UTC with Z (e.g. 2026-02-15T09:30:00Z)`, 'warning'));
  }
  if (LONG_FRACTION.test(value)) {
    issues.push(ruleIssue('FA3_CREATION_TIME_PRECISION', 'Naglowek/DataWytworzeniaFa',
      `DataWytworzeniaFa ${value} has more than 3 fractional digits, which some receivers cannot parse`, 'warning'));
  }
  return issues;
}
