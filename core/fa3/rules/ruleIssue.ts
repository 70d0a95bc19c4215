import type { ValidationIssue } from '../validation/ValidationIssue.js';

/** A business-rule finding; `location` is the FA(3) path without the root, e.g. `Fa/FaWiersz[3]/P_12`. */
export function ruleIssue(code: string, location: string, message: string, severity: 'error' | 'warning' = 'error'): ValidationIssue {
  return { code, layer: 'rule', location, message, severity };
}

/** XSD token types collapse whitespace, and KSeF accepts `<P_12> 23 </P_12>` (FA3.md §9): compare trimmed. */
export function token(value: string | undefined): string | undefined {
  return value === undefined ? undefined : value.trim();
}

/** Corrections carry differences and present their lines in several ways: arithmetic doubts there are warnings. */
export function isCorrection(kind: string | undefined): boolean {
  return kind === 'KOR' || kind === 'KOR_ZAL' || kind === 'KOR_ROZ';
}
