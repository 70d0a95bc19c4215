import type { DocumentState } from '../../core/plugin-api/types.js';
import type { SubmissionPatch } from '../../core/pipeline/ports/SubmissionStore.js';
import { submissionPatchAssignments } from '../sql/submissionPatchAssignments.js';

/** SET clauses and values of one transition's patch; placeholders are numbered from `first`. */
export function pgPatchColumns(p: SubmissionPatch, to: DocumentState, first: number): { sets: string[]; values: unknown[] } {
  const { assignments, fixed } = submissionPatchAssignments(p, to);
  return {
    sets: [...assignments.map(([column], i) => `${column} = $${first + i}`), ...fixed],
    values: assignments.map(([, v]) => v),
  };
}
