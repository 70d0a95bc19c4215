import type { PipelineDeps } from './PipelineDeps.js';
import type { SubmissionRecord } from './ports/SubmissionStore.js';

/** A document's UPO byte for byte: from the store, or from its file when it was accepted before UPOs moved there. */
export async function readUpo(deps: Pick<PipelineDeps, 'store' | 'upos'>, doc: SubmissionRecord): Promise<Buffer | undefined> {
  return (await deps.store.getUpo(doc.id)) ?? legacyUpoFile(deps, doc);
}

/** The UPO file of a document accepted before UPOs moved into the store; undefined for every later document. */
export function legacyUpoFile(deps: Pick<PipelineDeps, 'upos'>, doc: SubmissionRecord): Promise<Buffer | undefined> {
  return doc.upoPath ? deps.upos.read(doc.upoPath) : Promise.resolve(undefined);
}
