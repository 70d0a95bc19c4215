import type { z } from 'zod';
import type { InvoiceDraft } from '../../plugin-api/draft/InvoiceDraft.js';
import type { ValidationIssue } from '../validation/ValidationIssue.js';
import { draftIssue } from './draftIssue.js';
import { invoiceDraftSchema } from './draftSchema.js';

const escape = (s: PropertyKey): string => String(s).replace(/~/g, '~0').replace(/\//g, '~1');
export const pointerOf = (path: readonly PropertyKey[]): string => path.map((p) => `/${escape(p)}`).join('');
const labelOf = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${String(p)}` : String(p)), '') || 'the draft';

function issueOf(i: z.core.$ZodIssue, input: unknown): ValidationIssue[] {
  if (i.code === 'unrecognized_keys') {
    return i.keys.map((k) => draftIssue('GW_DRAFT_UNKNOWN_FIELD', pointerOf([...i.path, k]),
      `${labelOf([...i.path, k])} is not a field of an invoice draft (misspelt?)`));
  }
  const label = labelOf(i.path);
  const field = pointerOf(i.path);
  if (i.code === 'invalid_type' && valueAt(input, i.path) === undefined) {
    return [draftIssue('GW_DRAFT_MISSING_FIELD', field, `${label} is required`)];
  }
  if (i.path.length === 1 && i.path[0] === 'kind') return [draftIssue('GW_DRAFT_INVALID_KIND', field, i.message)];
  if (i.path[i.path.length - 1] === 'vatRate') return [draftIssue('GW_DRAFT_INVALID_RATE', field, `${label} ${i.message}`)];
  const hint = i.code === 'invalid_type' && typeof valueAt(input, i.path) === 'number' ? ' (amounts, prices and quantities are decimal strings, never numbers)' : '';
  return [draftIssue('GW_DRAFT_INVALID_VALUE', field, `${label}: ${i.message}${hint}`)];
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const p of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/** Checks a draft's shape (JSON from a plugin or a file): the typed draft, or every problem with its JSON pointer. */
export function readDraft(input: unknown): { draft?: InvoiceDraft; issues: ValidationIssue[] } {
  const parsed = invoiceDraftSchema.safeParse(input);
  if (parsed.success) return { draft: parsed.data, issues: [] };
  return { issues: parsed.error.issues.flatMap((i) => issueOf(i, input)) };
}
