import type { Faktura } from '../model/Faktura.js';
import type { ValidationIssue } from '../validation/ValidationIssue.js';
import { ruleIssue, token } from './ruleIssue.js';

/**
 * NrWierszaFa is unique (the XSD has no xsd:unique). A correction's before/after pair shares one number (MF
 * Przykład 2), so numbers are unique among the "before" rows (StanPrzed=1) and among the others separately.
 * Parsed base 10: leading zeros are lexically valid.
 */
export function lineNumbersRule(invoice: Faktura): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = [new Map<string, number>(), new Map<string, number>()];
  (invoice.Fa?.FaWiersz ?? []).forEach((line, i) => {
    const raw = token(line.NrWierszaFa);
    if (raw === undefined || !/^\d+$/.test(raw)) return;
    const key = BigInt(raw).toString();
    const group = seen[token(line.StanPrzed) === '1' ? 1 : 0];
    const first = group.get(key);
    if (first === undefined) {
      group.set(key, i);
      return;
    }
    issues.push(ruleIssue('FA3_LINE_NUMBER_DUPLICATE', `Fa/FaWiersz[${i + 1}]/NrWierszaFa`, `line number ${key} is used again (first by FaWiersz[${first + 1}])`));
  });
  return issues;
}
