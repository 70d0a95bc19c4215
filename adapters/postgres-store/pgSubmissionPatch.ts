import type { DocumentState } from '../../core/plugin-api/types.js';
import type { SubmissionPatch } from '../../core/pipeline/ports/SubmissionStore.js';

/**
 * SET clauses and values of one transition's patch; placeholders are numbered from `first`. Every transition ends the
 * document's lease: a state change is the end of the work the lease was taken for.
 */
export function pgPatchColumns(p: SubmissionPatch, to: DocumentState, first: number): { sets: string[]; values: unknown[] } {
  const values: unknown[] = [p.now];
  const sets = [`updated_at = $${first}`, 'lease_owner = NULL', 'lease_until = 0'];
  const put = (col: string, v: unknown): void => {
    values.push(v);
    sets.push(`${col} = $${first + values.length - 1}`);
  };
  if (p.contextNip !== undefined) put('context_nip', p.contextNip);
  if (p.key !== undefined) {
    put('seller_nip', p.key.sellerNip); put('invoice_kind', p.key.invoiceKind); put('invoice_number', p.key.invoiceNumber);
  }
  if (p.issueDate !== undefined) put('issue_date', p.issueDate);
  if (p.hasAttachment !== undefined) put('has_attachment', p.hasAttachment);
  if (p.xml !== undefined) put('xml', p.xml);
  if (p.invoiceHash !== undefined) put('invoice_hash', p.invoiceHash);
  if (p.invoiceSize !== undefined) put('invoice_size', p.invoiceSize);
  if (p.sessionRef !== undefined) put('session_ref', p.sessionRef);
  if (p.invoiceRef !== undefined) put('invoice_ref', p.invoiceRef);
  if (p.ksefNumber !== undefined) put('ksef_number', p.ksefNumber);
  if (p.acquisitionDate !== undefined) put('acquisition_date', p.acquisitionDate);
  if (p.upoPath !== undefined) put('upo_path', p.upoPath);
  if (p.errors !== undefined) put('errors', JSON.stringify(p.errors));
  if (p.incrementAttempts) sets.push('attempts = attempts + 1');
  // A verdict is due for delivery at once.
  if (to === 'accepted' || to === 'rejected') put('next_delivery_at', p.now);
  return { sets, values };
}
