import { KsefApiError } from '../ksef/errors/KsefApiError.js';
import { KsefOutcomeUnknownError } from '../ksef/errors/KsefOutcomeUnknownError.js';
import { KsefRateLimitedError } from '../ksef/errors/KsefRateLimitedError.js';
import type { OnlineSession } from '../ksef/types/sessions.js';
import type { ClaimedSubmission } from './ports/SubmissionStore.js';
import { timed, type PipelineDeps } from './PipelineDeps.js';
import { requeue } from './Requeue.js';
import { isCredentialFailure } from './isCredentialFailure.js';

interface LiveSession {
  readonly session: OnlineSession;
  readonly contextNip: string;
  count: number;
  lastUsed: number;
  /** A send whose answer was lost: close the session soon so its final list resolves it. */
  unresolved: boolean;
}

/** KSeF's per-session maximum (PROTOCOL.md §10.3) and a margin before the 12 h end of a session. */
const MAX_PER_SESSION = 10_000;
const END_MARGIN_MS = 10 * 60_000;

/**
 * Online sessions, one live per context and reused for its lifetime. The session keys live only in this process:
 * a session left open by a crash cannot be continued, only closed (the scheduler does that on start).
 */
export class OnlineSender {
  private readonly live = new Map<string, LiveSession>();

  constructor(private readonly deps: PipelineDeps) {}

  isLive(ref: string): boolean {
    return [...this.live.values()].some((l) => l.session.referenceNumber === ref);
  }

  /** Sends up to `limit` queued documents of the context; returns how many were taken. */
  async send(contextNip: string, limit: number, urgentOnly: boolean): Promise<number> {
    const { store, options } = this.deps;
    // Take only what the send windows have room for now; the rest waits in the queue, not in a sleeping round.
    const room = await (await this.deps.clients.forContext(contextNip)).rateRoom('invoiceSend');
    if (room.room <= 0) throw new KsefRateLimitedError('invoiceSend', this.deps.now() + room.waitMs);
    const live = await this.sessionFor(contextNip);
    const docs = await store.claimQueued({ contextNip, limit: Math.min(limit, room.room, MAX_PER_SESSION - live.count), owner: options.instanceId,
      leaseMs: options.leaseMs, now: this.deps.now(), urgentOnly, withAttachments: false });
    if (docs.length === 0) return 0;
    const ref = live.session.referenceNumber;
    await store.assignToSession(docs.map((d) => d.id), ref, options.instanceId, this.deps.now());
    live.count += docs.length;
    live.lastUsed = this.deps.now();
    await store.updateSession(ref, { invoiceCount: live.count, nextPollAt: this.deps.now() + options.pollBaseMs, pollAttempts: 0, now: this.deps.now() });
    const client = await this.deps.clients.forContext(contextNip);
    let failure: unknown;
    const queue = [...docs];
    const worker = async (): Promise<void> => {
      for (let doc = queue.shift(); doc; doc = queue.shift()) {
        if (failure !== undefined) {
          await requeue(this.deps, { ...doc, state: 'sending' }, 'not sent: an earlier send of the session failed', false);
          continue;
        }
        try {
          const sent = await timed(this.deps, 'sendOnlineInvoice', () => client.sendOnlineInvoice(live.session, doc.xml));
          await store.transition(doc.id, 'sent', { now: this.deps.now(), invoiceRef: sent.invoiceReferenceNumber }, 'sending');
          this.deps.metrics.transition(contextNip, 'sent');
          // The "sent" event of each document, for people watching the console (a batch logs one line for all).
          this.deps.logger.info({ erpId: doc.erpId, docId: doc.id, contextNip }, 'sent to KSeF');
        } catch (e) {
          if (await this.failed(live, doc, e)) failure ??= e;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.onlineConcurrency) }, worker));
    if (live.unresolved) await this.close(contextNip);
    if (failure !== undefined) throw failure;
    return docs.length;
  }

  /** Returns true when the failure should stop this context's sending for now. */
  private async failed(live: LiveSession, doc: ClaimedSubmission, e: unknown): Promise<boolean> {
    const sending = { ...doc, state: 'sending' as const };
    if (e instanceof KsefOutcomeUnknownError) {
      live.unresolved = true;
      this.deps.logger.warn({ docId: doc.id, err: e }, 'send outcome unknown; resolved from the session list');
      return true;
    }
    const definite = KsefApiError.isApi(e) && e.httpStatus >= 400 && e.httpStatus < 500;
    if (!definite || e.httpStatus === 429 || isCredentialFailure(e)) {
      await requeue(this.deps, sending, (e as Error).message, false);
      if (KsefApiError.isApi(e) && e.httpStatus === 400) live.unresolved = true;
      return true;
    }
    // A definite 400 (session closed, size or hash mismatch): never reached KSeF's processing; try again later.
    if (e.hasCode(21180) || e.hasCode(21173) || e.hasCode(21155)) live.unresolved = true;
    await requeue(this.deps, sending, e.message, true);
    return live.unresolved;
  }

  private async sessionFor(contextNip: string): Promise<LiveSession> {
    const now = this.deps.now();
    let live = this.live.get(contextNip);
    if (live && (Date.parse(live.session.validUntil) - now < END_MARGIN_MS || live.count >= MAX_PER_SESSION)) {
      await this.close(contextNip);
      live = undefined;
    }
    if (live) return live;
    const client = await this.deps.clients.forContext(contextNip);
    const session = await timed(this.deps, 'openOnlineSession', () => client.openOnlineSession());
    await this.deps.store.saveSession({ ref: session.referenceNumber, owner: this.deps.options.instanceId, contextNip, kind: 'online', state: 'open',
      validUntil: Date.parse(session.validUntil), invoiceCount: 0, nextPollAt: now, pollAttempts: 0, createdAt: now, updatedAt: now });
    live = { session, contextNip, count: 0, lastUsed: now, unresolved: false };
    this.live.set(contextNip, live);
    return live;
  }

  /** Closes sessions idle for `onlineIdleCloseMs` (or all, on stop). */
  async closeIdle(all = false): Promise<void> {
    const now = this.deps.now();
    for (const [nip, live] of [...this.live]) {
      if (all || now - live.lastUsed >= this.deps.options.onlineIdleCloseMs) {
        await this.close(nip).catch((err) => this.deps.logger.warn({ err, sessionRef: live.session.referenceNumber }, 'close failed; retried later'));
      }
    }
  }

  async close(contextNip: string): Promise<void> {
    const live = this.live.get(contextNip);
    if (!live) return;
    this.live.delete(contextNip);
    await closeSessionByRef(this.deps, contextNip, live.session.referenceNumber, live.session);
  }
}

/** closing is persisted first: a crash or lost answer leaves it to be retried, and KSeF's "already closed" ends it. */
export async function closeSessionByRef(deps: PipelineDeps, contextNip: string, ref: string, session?: OnlineSession): Promise<void> {
  await deps.store.updateSession(ref, { state: 'closing', now: deps.now() });
  const client = await deps.clients.forContext(contextNip);
  try {
    await timed(deps, 'closeOnlineSession', () => client.closeOnlineSession(session ?? ref));
  } catch (e) {
    const alreadyClosed = KsefApiError.isApi(e) && e.httpStatus === 400 && (e.hasCode(21180) || e.hasCode(21173));
    if (!alreadyClosed) throw e;
  }
  await deps.store.updateSession(ref, { state: 'closed', nextPollAt: deps.now() + deps.options.pollBaseMs, pollAttempts: 0, now: deps.now() });
}
