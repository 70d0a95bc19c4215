import type { DocumentState } from '../../core/plugin-api/types.js';
import type { SubmissionPatch } from '../../core/pipeline/ports/SubmissionStore.js';
import { submissionPatchAssignments } from '../sql/submissionPatchAssignments.js';

/** `columns` and `values` pair up (for an INSERT); `sets` adds the value-less clauses (for an UPDATE). */
export function sqlitePatchColumns(p: SubmissionPatch, to: DocumentState): { columns: string[]; sets: string[]; values: unknown[] } {
  const { assignments, fixed } = submissionPatchAssignments(p, to);
  // The XML lives in document_xml (migration 4), written beside the transition.
  const own = assignments.filter(([column]) => column !== 'xml');
  const columns = own.map(([column]) => column);
  return {
    columns,
    sets: [...columns.map((column) => `${column} = ?`), ...fixed],
    values: own.map(([, v]) => (typeof v === 'boolean' ? Number(v) : v)),
  };
}
