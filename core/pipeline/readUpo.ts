import type { PipelineDeps } from './PipelineDeps.js';
import type { SubmissionRecord } from './ports/SubmissionStore.js';

/** A document's UPO byte for byte: from the store, or from its file when it was accepted before UPOs moved there. */
export async function readUpo(deps: Pick<PipelineDeps, 'store' | 'upos'>, doc: SubmissionRecord): Promise<Buffer | undefined> {
  const stored = await deps.store.getUpo(doc.id);
  if (stored) return stored;
  return doc.upoPath ? deps.upos.read(doc.upoPath) : undefined;
}
