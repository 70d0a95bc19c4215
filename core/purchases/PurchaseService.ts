import type { Logger } from 'pino';
import type { PurchaseClientProvider } from './PurchaseClient.js';
import { PurchaseDelivery, type PurchaseReceiver } from './PurchaseDelivery.js';
import type { PurchaseMetrics } from './PurchaseMetrics.js';
import { PurchaseSync, type SyncResult } from './PurchaseSync.js';
import type { PurchaseStore, SubjectType, SyncCursor } from './ports/PurchaseStore.js';

export interface PurchaseServiceOptions {
  readonly owner: string;
  readonly contexts: () => readonly string[];
  readonly subjectTypes: readonly SubjectType[];
  /** Minimum time between two scheduled syncs of one (context, subject type). */
  readonly intervalMs: number;
  readonly since?: string;
  readonly exportsPerHour: number;
  /** Loaded plugin instances (deliveries go to those with `receive`). */
  readonly receivers: () => readonly PurchaseReceiver[];
  /**
   * Instances that get a delivery queued per new invoice: every configured ERP instance, loaded or not (a sync from
   * the command line loads no plugins), so that a running gateway hands them over later.
   */
  readonly consumers: () => readonly string[];
  readonly logger: Logger;
  readonly metrics?: PurchaseMetrics;
  readonly now?: () => number;
  /** How often due syncs are looked for (default 60 s) and deliveries made (default 2 s). */
  readonly tickMs?: number;
  readonly deliveryTickMs?: number;
  readonly pollIntervalMs?: number;
}

export interface PurchaseStatus {
  readonly cursors: readonly SyncCursor[];
  /** Exports each context may still start in the current hour. */
  readonly budgetLeft: Readonly<Record<string, number>>;
  readonly pendingDeliveries: Readonly<Record<string, number>>;
}

/** Runs the purchase syncs on schedule (and on demand) and the deliveries to plugins, inside the export budget. */
export class PurchaseService {
  private readonly sync: PurchaseSync;
  private readonly delivery: PurchaseDelivery;
  private readonly now: () => number;
  private timers: NodeJS.Timeout[] = [];
  private running = Promise.resolve();
  private delivering?: Promise<unknown>;
  private readonly abort = new AbortController();

  constructor(private readonly store: PurchaseStore, clients: PurchaseClientProvider, private readonly o: PurchaseServiceOptions) {
    this.now = o.now ?? Date.now;
    this.sync = new PurchaseSync(store, clients, {
      owner: o.owner, consumers: o.consumers, initialSince: () => o.since, exportsPerHour: o.exportsPerHour,
      logger: o.logger, now: this.now, pollIntervalMs: o.pollIntervalMs,
      onPackage: (e) => o.metrics?.receivedInvoices(e.contextNip, e.subjectType, e.fresh),
    });
    this.delivery = new PurchaseDelivery(store, o.receivers, { logger: o.logger, now: this.now, onDelivered: (id) => o.metrics?.deliveredOne(id) });
  }

  /** Syncs now, whatever the schedule (still inside the budget and the lease); one result per context and subject type. */
  syncNow(opts: { contexts?: readonly string[]; since?: string; signal?: AbortSignal } = {}): Promise<SyncResult[]> {
    return this.serial(async () => {
      const results: SyncResult[] = [];
      for (const nip of opts.contexts ?? this.o.contexts()) {
        for (const subjectType of this.o.subjectTypes) results.push(await this.sync.sync(nip, subjectType, { since: opts.since, signal: opts.signal ?? this.abort.signal }));
      }
      await this.refreshMetrics();
      return results;
    });
  }

  /** The syncs whose interval has passed; a failure is logged and kept in the cursor, the others go on. */
  runDue(): Promise<void> {
    return this.serial(async () => {
      for (const nip of this.o.contexts()) {
        for (const subjectType of this.o.subjectTypes) {
          const last = (await this.store.cursor(nip, subjectType))?.lastSyncAt ?? null;
          if (last !== null && this.now() - last < this.o.intervalMs) continue;
          try {
            await this.sync.sync(nip, subjectType, { signal: this.abort.signal });
          } catch (err) {
            if (this.abort.signal.aborted) return;
            this.o.logger.error({ err, context: nip, subjectType }, 'purchase sync failed; it is tried again at the next interval');
          }
        }
      }
      await this.refreshMetrics();
    });
  }

  deliverDue(): Promise<number> {
    return this.delivery.deliverDue();
  }

  async status(): Promise<PurchaseStatus> {
    const hourAgo = this.now() - 3600_000;
    const budgetLeft: Record<string, number> = {};
    for (const nip of this.o.contexts()) budgetLeft[nip] = Math.max(0, this.o.exportsPerHour - await this.store.exportsSince(nip, hourAgo));
    return { cursors: await this.store.cursors(), budgetLeft, pendingDeliveries: await this.store.pendingDeliveries() };
  }

  start(): void {
    const tick = (): void => { void this.runDue(); };
    tick();
    this.timers.push(setInterval(tick, this.o.tickMs ?? 60_000));
    this.timers.push(setInterval(() => {
      if (this.delivering) return;
      this.delivering = this.deliverDue().catch((err: unknown) => this.o.logger.error({ err }, 'delivering received invoices failed'))
        .finally(() => { this.delivering = undefined; });
    }, this.o.deliveryTickMs ?? 2000));
    for (const t of this.timers) t.unref();
  }

  /** Stops the timers and ends waits of a sync in flight; its package is either stored or fetched again next time. */
  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.abort.abort(new Error('gateway stopping'));
    await this.running.catch(() => undefined);
    await this.delivering;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.running.then(fn, fn);
    this.running = next.then(() => undefined, () => undefined);
    return next;
  }

  private async refreshMetrics(): Promise<void> {
    if (this.o.metrics) this.o.metrics.update(await this.status());
  }
}
