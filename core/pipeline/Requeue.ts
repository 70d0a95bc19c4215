import { rejectDocument } from './rejectDocument.js';
import type { SubmissionRecord } from './ports/SubmissionStore.js';
import type { PipelineDeps } from './PipelineDeps.js';

/**
 * Puts a document KSeF has definitely not taken back in the queue, or rejects it once it has been tried
 * `maxSendAttempts` times (a document that keeps failing must not loop forever).
 */
export async function requeue(deps: PipelineDeps, doc: SubmissionRecord, reason: string, countAttempt = true): Promise<void> {
  const now = deps.now();
  if (countAttempt && doc.attempts + 1 >= deps.options.maxSendAttempts) {
    await rejectDocument(deps, doc, { now, errors: [{ code: 'GW_PIPELINE_GAVE_UP',
      message: `KSeF gave no verdict after ${doc.attempts + 1} attempts; last: ${reason}` }] });
    return;
  }
  await deps.store.transition(doc.id, 'queued', { now, sessionRef: null, invoiceRef: null, incrementAttempts: countAttempt }, doc.state);
  deps.metrics.transition(doc.contextNip ?? null, 'queued');
  deps.logger.warn({ docId: doc.id, reason }, 'document requeued');
}
