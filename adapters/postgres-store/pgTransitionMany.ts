import type pg from 'pg';
import { sourcesOf } from '../../core/pipeline/StateMachine.js';
import type { TransitionItem } from '../../core/pipeline/ports/SubmissionStore.js';
import { submissionPatchAssignments } from '../sql/submissionPatchAssignments.js';

/** Patch fields as column -> value; a present key means "set", so null clears a column. */
function columnsOf(t: TransitionItem): Record<string, unknown> {
  const c: Record<string, unknown> = {};
  for (const [column, value] of submissionPatchAssignments(t.patch, t.to).assignments) {
    // The statement sets these from the row's own fields (now, to_state).
    if (column === 'updated_at' || column === 'next_delivery_at') continue;
    c[column] = column === 'xml' ? (value as Buffer).toString('base64') : value;
  }
  return c;
}

const TEXT_COLUMNS = ['context_nip', 'seller_nip', 'invoice_kind', 'invoice_number', 'issue_date', 'invoice_hash', 'session_ref',
  'invoice_ref', 'ksef_number', 'acquisition_date', 'errors', 'warnings'];
const set = (col: string, value: string): string => `${col} = CASE WHEN v.c ? '${col}' THEN ${value} ELSE d.${col} END`;

/**
 * Every item's transition in ONE statement (one round trip for a whole batch's verdicts, instead of one per document).
 * Each row keeps the compare-and-set guard of a single transition; returns the ids that changed, so the caller can
 * roll back when one did not. Items must have distinct ids.
 */
export const BULK_TRANSITION_SQL = `UPDATE documents d SET state = v.to_state, updated_at = v.now, lease_owner = NULL, lease_until = 0,
  ${TEXT_COLUMNS.map((col) => set(col, `v.c->>'${col}'`)).join(',\n  ')},
  ${set('has_attachment', "(v.c->>'has_attachment')::boolean")},
  ${set('invoice_size', "(v.c->>'invoice_size')::integer")},
  ${set('xml', "decode(v.c->>'xml', 'base64')")},
  attempts = d.attempts + CASE WHEN v.inc THEN 1 ELSE 0 END,
  next_delivery_at = CASE WHEN v.to_state IN ('accepted', 'rejected') THEN v.now ELSE d.next_delivery_at END
  FROM jsonb_to_recordset($1::jsonb) AS v(id text, to_state text, allowed text[], now bigint, inc boolean, c jsonb)
  WHERE d.id = v.id AND d.state = ANY(v.allowed) RETURNING d.id`;

export async function bulkTransition(client: pg.PoolClient, items: readonly TransitionItem[]): Promise<Set<string>> {
  const rows = items.map((t) => ({
    id: t.id, to_state: t.to, allowed: sourcesOf(t.to).filter((s) => t.from === undefined || s === t.from),
    now: t.patch.now, inc: t.patch.incrementAttempts === true, c: columnsOf(t),
  }));
  const { rows: changed } = await client.query<{ id: string }>(BULK_TRANSITION_SQL, [JSON.stringify(rows)]);
  return new Set(changed.map((r) => r.id));
}
