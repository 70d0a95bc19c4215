import { randomUUID } from 'node:crypto';
import { KsefApiError } from '../ksef/errors/KsefApiError.js';
import { KsefRateLimitedError } from '../ksef/errors/KsefRateLimitedError.js';
import { isCredentialFailure } from './isCredentialFailure.js';
import type { ClaimedSubmission } from './ports/SubmissionStore.js';
import { timed, type PipelineDeps } from './PipelineDeps.js';
import { requeue } from './Requeue.js';

const SESSION_LIFETIME_MS = 12 * 3_600_000;

/**
 * Batch sessions. The documents are first recorded under a local session ref, which becomes KSeF's reference as soon
 * as KSeF opens the session (before the upload). If the send fails or the process dies inside it, `settleUpload`
 * asks KSeF whether the close arrived: if so the batch is polled like any other and nothing is sent again; if not (or
 * KSeF cannot say) it is abandoned and its documents requeued. An upload that never closed is never processed by
 * KSeF, and a close that lands after all answers the resend with 440, which resolves to the original only when the
 * hashes match (DECISIONS.md 13).
 */
export class BatchSender {
  constructor(private readonly deps: PipelineDeps) {}

  /** Sends one batch of the context's queued documents; returns how many were taken. */
  async send(contextNip: string): Promise<number> {
    const { store, options } = this.deps;
    // A batch needs two requests of its group (open, close): without room for both it is planned for when both fit
    // (not a second later: with one request left in the hour that was a retry every second for up to an hour).
    const room = await (await this.deps.clients.forContext(contextNip)).rateRoom('batchSession', 2);
    if (room.room < 2) throw new KsefRateLimitedError('batchSession', this.deps.now() + Math.max(room.waitMs, 1_000));
    const claimed = await store.claimQueued({ contextNip, limit: options.batchMaxInvoices, owner: options.instanceId,
      leaseMs: options.leaseMs, now: this.deps.now() });
    const docs = this.withinSize(claimed);
    const extra = claimed.slice(docs.length).map((d) => d.id);
    if (extra.length > 0) await store.releaseClaims(options.instanceId, extra);
    if (docs.length === 0) return 0;
    const now = this.deps.now();
    const session = { ref: `${LOCAL_REF_PREFIX}${randomUUID()}`, contextNip };
    await store.saveSession({ ref: session.ref, owner: options.instanceId, contextNip, kind: 'batch', state: 'uploading', validUntil: now + SESSION_LIFETIME_MS,
      invoiceCount: docs.length, nextPollAt: now, pollAttempts: 0, createdAt: now, updatedAt: now });
    await store.assignToSession(docs.map((d) => d.id), session.ref, options.instanceId, now);
    const heartbeat = this.keepLeased(session);
    try {
      const client = await this.deps.clients.forContext(contextNip);
      await timed(this.deps, 'sendBatch', () => client.sendBatch(files(docs), {
        format: options.batchFormat, ...(options.batchMaxPartSize ? { maxPartSize: options.batchMaxPartSize } : {}),
        onOpened: async (ksefRef) => {
          await store.rebindSession(session.ref, ksefRef, { now: this.deps.now() });
          session.ref = ksefRef;
        },
      }));
    } catch (e) {
      // A definite refusal (4xx other than 429 and auth) counts as an attempt, so a batch KSeF keeps refusing ends.
      const definite = KsefApiError.isApi(e) && e.httpStatus >= 400 && e.httpStatus < 500 && e.httpStatus !== 429 && !isCredentialFailure(e);
      if (await settleUpload(this.deps, session, (e as Error).message, definite) === 'abandoned') throw e;
      this.deps.logger.warn({ err: e, sessionRef: session.ref }, 'batch send failed after KSeF had closed the session; polled, not sent again');
      for (let i = 0; i < docs.length; i++) this.deps.metrics.transition(contextNip, 'sending');
      return docs.length;
    } finally {
      clearInterval(heartbeat);
    }
    const sessionRef = session.ref;
    await store.updateSession(sessionRef, { state: 'closed', nextPollAt: this.deps.now() + options.pollBaseMs, now: this.deps.now() });
    for (let i = 0; i < docs.length; i++) this.deps.metrics.transition(contextNip, 'sending');
    this.deps.logger.info({ sessionRef, count: docs.length }, 'batch sent');
    return docs.length;
  }

  /**
   * An upload can outlast the lease (a large package on a slow link). Other instances adopt sessions nobody touched for
   * a lease period and would abandon this one mid-upload, so the owner touches it a few times per lease period.
   */
  private keepLeased(session: { readonly ref: string }): NodeJS.Timeout {
    const timer = setInterval(() => {
      this.deps.store.updateSession(session.ref, { now: this.deps.now() })
        .catch((err) => this.deps.logger.warn({ err, sessionRef: session.ref }, 'batch lease not renewed; retried'));
    }, Math.max(1, Math.floor(this.deps.options.leaseMs / 4)));
    timer.unref();
    return timer;
  }

  private withinSize(docs: ClaimedSubmission[]): ClaimedSubmission[] {
    let total = 0;
    let n = 0;
    for (const d of docs) {
      total += d.xml.length;
      if (n > 0 && total > this.deps.options.batchMaxBytes) break;
      n += 1;
    }
    return docs.slice(0, n);
  }
}

function* files(docs: readonly ClaimedSubmission[]): Iterable<{ fileName: string; bytes: Uint8Array }> {
  for (const d of docs) yield { fileName: `${d.id}.xml`, bytes: d.xml };
}

/** Local refs name a batch KSeF has not opened yet (or whose opening we never learned). */
const LOCAL_REF_PREFIX = 'local-';

/**
 * A batch left `uploading` by a failed send or a dead process. Named by KSeF and past its close there (any status but
 * 100, "opened"), it becomes `closed` and is polled: KSeF numbers or verdicts come from KSeF's record, and nothing is
 * sent again. Otherwise it is abandoned and its documents requeued.
 */
export async function settleUpload(deps: PipelineDeps, session: { readonly ref: string; readonly contextNip: string }, reason: string,
  countAttempt = false): Promise<'closed' | 'abandoned'> {
  if (!session.ref.startsWith(LOCAL_REF_PREFIX)) {
    try {
      const status = await (await deps.clients.forContext(session.contextNip)).getSessionStatus(session.ref);
      if (status.status.code !== 100) {
        await deps.store.updateSession(session.ref, { state: 'closed', nextPollAt: deps.now(), now: deps.now() });
        deps.logger.info({ sessionRef: session.ref, status: status.status.code }, 'interrupted batch was closed at KSeF: polled, not sent again');
        return 'closed';
      }
    } catch (err) {
      deps.logger.warn({ err, sessionRef: session.ref }, 'status of an interrupted batch unknown: its documents are sent again');
    }
  }
  await abandonBatch(deps, session.ref, reason, countAttempt);
  return 'abandoned';
}

/** A batch KSeF never closed, or whose fate KSeF could not tell: its documents go back to the queue. */
export async function abandonBatch(deps: PipelineDeps, localRef: string, reason: string, countAttempt = false): Promise<void> {
  for (const doc of await deps.store.listBySession(localRef, ['sending'])) {
    await requeue(deps, doc, `batch ${localRef} did not complete: ${reason}`, countAttempt);
  }
  await deps.store.updateSession(localRef, { state: 'abandoned', now: deps.now() });
}
