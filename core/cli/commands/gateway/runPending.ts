import type { DocumentState } from '../../../plugin-api/types.js';
import type { SubmissionStore } from '../../../pipeline/ports/SubmissionStore.js';

/** States in which the gateway still owes a document work (sending it, or handing its outcome to the ERP). */
export const UNFINISHED: readonly DocumentState[] = ['received', 'queued', 'sending', 'sent', 'accepted', 'rejected'];
const PAGE = 1_000;

export interface RunPending {
  /** Unfinished documents this run took in. */
  readonly mine: number;
  /** Unfinished documents from before this run (earlier runs, other instances): reported, not waited for. */
  readonly older: number;
}

/** Documents the gateway still owes work on: everything not invalid and not delivered. */
export async function pendingDocuments(store: SubmissionStore): Promise<number> {
  return (await store.countsByState()).filter((c) => UNFINISHED.includes(c.state)).reduce((n, c) => n + c.count, 0);
}

/**
 * What `--once` waits for: the unfinished documents of the given sources created since this run started. Counted
 * page by page, so that a large backlog costs memory for one page only.
 */
export async function runPending(store: SubmissionStore, sources: readonly string[], since: number): Promise<RunPending> {
  let mine = 0;
  for (const source of sources) {
    let before: { createdAt: number; id: string } | undefined;
    for (;;) {
      const page = await store.listDocuments({ source, states: UNFINISHED, createdFrom: since, before, limit: PAGE });
      mine += page.length;
      if (page.length < PAGE) break;
      const last = page[page.length - 1];
      before = { createdAt: last.createdAt, id: last.id };
    }
  }
  return { mine, older: Math.max(0, (await pendingDocuments(store)) - mine) };
}
