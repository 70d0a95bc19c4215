import { StoreOutage } from './StoreOutage.js';
import { BatchSender, settleUpload } from './BatchSender.js';
import { ContextGuard } from './ContextGuard.js';
import { OnlineSender, closeSessionByRef } from './OnlineSender.js';
import { OutcomeDelivery } from './OutcomeDelivery.js';
import type { PipelineDeps } from './PipelineDeps.js';
import { KsefRateLimitedError } from '../ksef/errors/KsefRateLimitedError.js';
import type { QueueSummary, SessionRecord } from './ports/SubmissionStore.js';
import { SessionResolver } from './SessionResolver.js';

const DEPTH_EVERY_MS = 5_000;
const DELIVERY_CHUNK = 500;

/**
 * The scheduler: each round it recovers nothing (that is `start`'s job), sends what is due per context (online for
 * urgent and low volume, batch for volume), polls sessions, closes idle online sessions and delivers outcomes.
 */
export class Pipeline {
  private readonly online: OnlineSender;
  private readonly batch: BatchSender;
  private readonly resolver: SessionResolver;
  readonly delivery: OutcomeDelivery;
  private readonly guard: ContextGuard;
  /** Whether the store is unreachable right now (PostgreSQL restarting, network down): work waits, then resumes. */
  readonly outage: StoreOutage;
  private running = false;
  private timer?: NodeJS.Timeout;
  private current?: Promise<void>;
  private deliveryTimer?: NodeJS.Timeout;
  private delivering?: Promise<void>;
  private depthAt = 0;
  private adoptedAt = 0;

  constructor(private readonly deps: PipelineDeps) {
    this.online = new OnlineSender(deps);
    this.batch = new BatchSender(deps);
    this.resolver = new SessionResolver(deps);
    this.delivery = new OutcomeDelivery(deps);
    this.guard = new ContextGuard(deps);
    this.outage = new StoreOutage(deps.logger);
  }

  /** Recovers what a previous run left (crash or stop), then runs rounds every `tickMs` until `stop`. */
  async start(): Promise<void> {
    await this.recover();
    this.running = true;
    this.schedule(0);
    this.scheduleDelivery(0);
  }

  /** Stops taking work, lets the round in flight finish, closes live online sessions (polled again on next start). */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    clearTimeout(this.deliveryTimer);
    // A round waiting for rate-limit room or a retry ends now; what it had not sent stays queued.
    this.deps.clients.interruptWaits?.();
    await Promise.all([this.current, this.delivering]);
    await this.online.closeIdle(true);
    await this.deps.store.releaseClaims(this.deps.options.instanceId);
    await this.deps.clients.closeAll();
  }

  /**
   * After a crash: claims of this instance are released; batches interrupted in their send are polled when KSeF has
   * closed them, and abandoned otherwise (documents requeued); online sessions left open are closed so that their final invoice lists resolve every
   * document whose send outcome is unknown; closed sessions are simply polled again.
   */
  async recover(): Promise<void> {
    await this.deps.store.releaseClaims(this.deps.options.instanceId);
    await this.adopt();
    await this.recoverOwn();
  }

  private async recoverOwn(): Promise<void> {
    const { store, options, logger } = this.deps;
    const owner = options.instanceId;
    for (const s of await store.listSessions(['uploading'], { owner })) await settleUpload(this.deps, s, 'the gateway stopped during the upload');
    for (const s of await store.listSessions(['open'], { owner })) {
      if (this.online.isLive(s.ref)) continue;
      await closeSessionByRef(this.deps, s.contextNip, s.ref).catch((err) => logger.warn({ err, sessionRef: s.ref }, 'close on recovery failed; retried'));
    }
  }

  /**
   * One round; exposed for tests and the bench. Contexts run side by side and no call waits long for rate-limit room
   * (the client throws KsefRateLimitedError instead), so a context at its limit never delays another context, the
   * polling of open sessions or shutdown.
   */
  async runOnce(): Promise<void> {
    const { store } = this.deps;
    await this.guard.refresh();
    if (this.deps.now() - this.adoptedAt >= this.deps.options.leaseMs / 2) await this.adopt();
    const due = (await store.queueSummary(this.deps.now())).filter((q) => this.guard.maySend(q.contextNip));
    await Promise.all(due.map((q) => this.attempt(q.contextNip, () => this.dispatch(q))));
    const sessions = await store.listSessions(['open', 'closing', 'closed'], { owner: this.deps.options.instanceId });
    const byContext = new Map<string, SessionRecord[]>();
    for (const s of sessions) {
      if (s.nextPollAt > this.deps.now()) continue;
      byContext.set(s.contextNip, [...(byContext.get(s.contextNip) ?? []), s]);
    }
    await Promise.all([...byContext.values()].map(async (list) => {
      for (const s of list) if (this.guard.mayRun(s.contextNip)) await this.pollOrClose(s);
    }));
    await this.online.closeIdle();
    // A full count is a table scan: refresh the gauge every few seconds, not every round.
    if (this.deps.now() - this.depthAt >= DEPTH_EVERY_MS) {
      this.depthAt = this.deps.now();
      this.deps.metrics.queueDepth(await store.countsByState());
    }
  }

  /** A session whose poll finds no rate-limit room is simply polled again when there is some. */
  private async pollOrClose(s: SessionRecord): Promise<void> {
    const closing = s.state === 'closing' || (s.state === 'open' && !this.online.isLive(s.ref));
    try {
      await (closing ? closeSessionByRef(this.deps, s.contextNip, s.ref) : this.resolver.poll(s));
      this.guard.succeeded(s.contextNip);
    } catch (err) {
      if (!KsefRateLimitedError.isRateLimited(err)) return this.guard.failed(s.contextNip, err);
      await this.deps.store.updateSession(s.ref, { nextPollAt: Math.max(err.retryAt, this.deps.now() + this.deps.options.tickMs), now: this.deps.now() });
    }
  }

  /** Sessions of an instance that is gone (nothing touched them for a lease period) become this instance's. */
  private async adopt(): Promise<void> {
    const now = this.deps.now();
    this.adoptedAt = now;
    const n = await this.deps.store.adoptSessions(this.deps.options.instanceId, now - this.deps.options.leaseMs, now);
    if (n > 0) {
      this.deps.logger.warn({ sessions: n }, 'adopted unfinished sessions of another instance');
      await this.recoverOwn();
    }
  }

  private async dispatch(q: QueueSummary): Promise<void> {
    const o = this.deps.options;
    const urgentTaken = q.urgent > 0 ? await this.online.send(q.contextNip, 100, true) : 0;
    const rest = q.queued - urgentTaken;
    if (rest <= 0) return;
    const due = rest >= o.batchMaxInvoices || q.bytes >= o.batchMaxBytes || this.deps.now() - q.oldestCreatedAt >= o.batchMaxWaitMs;
    if (!due) return;
    const onlineTaken = rest < o.onlineBelow ? await this.online.send(q.contextNip, rest, false) : 0;
    if (onlineTaken < rest) await this.batchOrOnline(q.contextNip, rest - onlineTaken);
  }

  /**
   * KSeF allows a context few batch sessions an hour (60 requests: 30 batches). When they are spent, what fits in
   * the separate online budget goes online rather than waiting up to an hour; what does not waits for the earlier
   * of the two budgets to have room.
   */
  private async batchOrOnline(contextNip: string, waiting: number): Promise<void> {
    try {
      await this.batch.send(contextNip);
    } catch (batchErr) {
      if (!KsefRateLimitedError.isRateLimited(batchErr) || batchErr.group !== 'batchSession' || batchErr.code !== 'GW_KSEF_RATE_LIMIT_WAIT') throw batchErr;
      try {
        const taken = await this.online.send(contextNip, waiting, false);
        if (taken === 0) throw batchErr;
        this.deps.logger.info({ contextNip, taken }, 'batch sessions of this hour spent: sent online instead');
      } catch (onlineErr) {
        if (!KsefRateLimitedError.isRateLimited(onlineErr)) throw onlineErr;
        throw onlineErr.retryAt < batchErr.retryAt ? onlineErr : batchErr;
      }
    }
  }

  private async attempt(contextNip: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
      this.guard.succeeded(contextNip);
    } catch (err) {
      await this.guard.failed(contextNip, err);
    }
  }

  /** One delivery pass: everything due, in chunks; exposed for tests. */
  async deliverDue(): Promise<void> {
    while (this.running && (await this.delivery.run(DELIVERY_CHUNK)) === DELIVERY_CHUNK) { /* more are due */ }
  }

  /** Delivery runs beside the rounds: a slow ERP never holds back sending, and a long poll never holds back delivery. */
  private scheduleDelivery(delay: number): void {
    if (!this.running) return;
    this.deliveryTimer = setTimeout(() => {
      this.delivering = this.deliverDue()
        .then(() => this.outage.succeeded(), (err) => { if (!this.outage.failed(err)) this.deps.logger.error({ err }, 'delivery pass failed'); })
        .finally(() => this.scheduleDelivery(this.deps.options.tickMs));
    }, delay);
  }

  private schedule(delay: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.current = this.runOnce()
        .then(() => this.outage.succeeded(), (err) => { if (!this.outage.failed(err)) this.deps.logger.error({ err }, 'pipeline round failed'); })
        .finally(() => this.schedule(this.deps.options.tickMs));
    }, delay);
  }
}
