import type { OutcomeError } from '../plugin-api/types.js';
import type { PipelineDeps } from './PipelineDeps.js';
import type { SubmissionPatch, SubmissionRecord } from './ports/SubmissionStore.js';

/**
 * The one way the pipeline rejects a document: the `document-rejected` event is stored first (once per document,
 * however often this runs), then the verdict. A crash between the two repeats the verdict on recovery and stores no
 * second event; the other order could lose the event.
 */
export async function rejectDocument(deps: PipelineDeps, doc: SubmissionRecord,
  patch: SubmissionPatch & { readonly errors: readonly OutcomeError[] }): Promise<void> {
  const codes = [...new Set(patch.errors.map((e) => e.code))];
  const context = doc.contextNip ? ` of context ${doc.contextNip}` : '';
  await deps.events.emit({
    type: 'document-rejected', at: new Date(patch.now).toISOString(), documentId: doc.id, erpId: doc.erpId,
    ...(doc.contextNip ? { contextNip: doc.contextNip } : {}), codes,
    message: `Document ${doc.erpId}${context} was rejected (${codes.join(', ')}): ${patch.errors[0]?.message ?? 'no reason given'}${patch.errors[0]?.explanation ? ` (in English: ${patch.errors[0].explanation})` : ''}. `
      + 'Correct it in the ERP and submit it again under a new ERP id; the ERP gets the errors with the outcome.',
  });
  await deps.store.transition(doc.id, 'rejected', patch, doc.state);
  deps.metrics.transition(doc.contextNip ?? null, 'rejected');
}
