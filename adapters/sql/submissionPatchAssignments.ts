import type { DocumentState } from '../../core/plugin-api/types.js';
import type { SubmissionPatch } from '../../core/pipeline/ports/SubmissionStore.js';

export interface PatchAssignments {
  /** `[column, value]` pairs; each SQL store writes its own placeholders and value encodings. */
  readonly assignments: ReadonlyArray<readonly [string, unknown]>;
  /** SET clauses without a value. */
  readonly fixed: readonly string[];
}

/**
 * Which `documents` columns one transition's patch writes, the same for every SQL store. Every transition ends the
 * document's lease (a state change is the end of the work the lease was taken for), and a verdict is due for
 * delivery at once. The UPO (`p.upo`) is no column here: each store writes it to its own table beside the transition.
 */
export function submissionPatchAssignments(p: SubmissionPatch, to: DocumentState): PatchAssignments {
  const a: Array<readonly [string, unknown]> = [['updated_at', p.now]];
  const fixed = ['lease_owner = NULL', 'lease_until = 0'];
  if (p.contextNip !== undefined) a.push(['context_nip', p.contextNip]);
  if (p.key !== undefined) {
    a.push(['seller_nip', p.key.sellerNip], ['invoice_kind', p.key.invoiceKind], ['invoice_number', p.key.invoiceNumber]);
  }
  if (p.issueDate !== undefined) a.push(['issue_date', p.issueDate]);
  if (p.hasAttachment !== undefined) a.push(['has_attachment', p.hasAttachment]);
  if (p.xml !== undefined) a.push(['xml', p.xml]);
  if (p.invoiceHash !== undefined) a.push(['invoice_hash', p.invoiceHash]);
  if (p.invoiceSize !== undefined) a.push(['invoice_size', p.invoiceSize]);
  if (p.sessionRef !== undefined) a.push(['session_ref', p.sessionRef]);
  if (p.invoiceRef !== undefined) a.push(['invoice_ref', p.invoiceRef]);
  if (p.ksefNumber !== undefined) a.push(['ksef_number', p.ksefNumber]);
  if (p.acquisitionDate !== undefined) a.push(['acquisition_date', p.acquisitionDate]);
  if (p.errors !== undefined) a.push(['errors', JSON.stringify(p.errors)]);
  if (p.warnings !== undefined) a.push(['warnings', JSON.stringify(p.warnings)]);
  if (p.incrementAttempts) fixed.push('attempts = attempts + 1');
  if (to === 'accepted' || to === 'rejected') a.push(['next_delivery_at', p.now]);
  return { assignments: a, fixed };
}
