import type { ValidationIssue } from '../validation/ValidationIssue.js';

/** A finding about a draft field (`field` is its JSON pointer); `location` is the FA(3) path when there is one. */
export function draftIssue(code: string, field: string, message: string, location = '', severity: 'error' | 'warning' = 'error'): ValidationIssue {
  return { code, layer: 'draft', location, field, message, severity };
}
