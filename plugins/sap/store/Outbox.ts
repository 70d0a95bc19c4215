import { randomBytes } from 'node:crypto';
import type { Clock, PluginLogger, PluginStorage } from '../../../core/plugin-api/index.js';

/** One message for SAP waiting to be sent: a status IDoc, a UPO, an RFC write-back. */
export interface OutboxMessage<T = unknown> {
  readonly kind: string;
  readonly body: T;
  readonly attempts: number;
  readonly lastError?: string;
}

export interface OutboxJob<T = unknown> extends OutboxMessage<T> {
  readonly id: string;
}

export interface OutboxOptions {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** How often waiting messages are looked at. */
  readonly intervalMs?: number;
  /** The plugin storage collection (default `sap-outbox`). */
  readonly collection?: string;
  /**
   * Remember the id of every message SAP took (in `<collection>-sent`): `addOnce` then refuses that id for good, and a
   * message queued again anyway (a race with its own sending) is dropped unsent. For messages SAP must get once.
   */
  readonly keepSent?: boolean;
}

const COLLECTION = 'sap-outbox';
let sequence = 0;
const LEASE_MS = 120_000;

/**
 * Messages to SAP survive a crash and an SAP outage: each is in the gateway's store before `add` resolves, leased
 * by one instance at a time, retried with exponential backoff until SAP takes it, and only then removed. A message
 * that keeps failing waits; it is never dropped.
 */
export class Outbox {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  private readonly collection: string;
  private readonly sentMarks: string;

  constructor(
    private readonly storage: PluginStorage,
    private readonly send: (job: OutboxJob) => Promise<void>,
    private readonly options: OutboxOptions,
    private readonly clock: Clock,
    private readonly logger: PluginLogger,
  ) {
    this.collection = options.collection ?? COLLECTION;
    this.sentMarks = `${this.collection}-sent`;
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => { void this.flush().catch((err: unknown) => this.logger.error({ err }, 'outbox round failed')); }, this.options.intervalMs ?? 1_000);
    this.timer.unref();
    void this.flush().catch((err: unknown) => this.logger.error({ err }, 'outbox round failed'));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Stores the message durably, then tries to send it at once. */
  async add(kind: string, body: unknown): Promise<string> {
    const now = this.clock.now().getTime();
    // Time, then a counter (several messages in one millisecond keep their order), then randomness (instances).
    sequence = (sequence + 1) % 1e9;
    const id = `${String(now).padStart(15, '0')}-${String(sequence).padStart(9, '0')}-${randomBytes(4).toString('hex')}`;
    const message: OutboxMessage = { kind, body, attempts: 0 };
    await this.storage.insert(this.collection, id, message, { dueAt: now });
    this.kick();
    return id;
  }

  /** Stores the message under `id` unless one is waiting under it or (with `keepSent`) was sent; true when stored. */
  async addOnce(kind: string, id: string, body: unknown): Promise<boolean> {
    if (this.options.keepSent && await this.storage.get(this.sentMarks, id)) return false;
    const message: OutboxMessage = { kind, body, attempts: 0 };
    if (!(await this.storage.insert(this.collection, id, message, { dueAt: this.clock.now().getTime() }))) return false;
    this.kick();
    return true;
  }

  private kick(): void {
    if (!this.stopped) void this.flush().catch((err: unknown) => this.logger.error({ err }, 'outbox round failed'));
  }

  /** Messages still waiting (for health and tests). */
  async pending(): Promise<OutboxJob[]> {
    return (await this.storage.list<OutboxMessage>(this.collection, { limit: 1000 })).map((r) => ({ id: r.key, ...r.value }));
  }

  /** Sends every due message now; resolves when the round is over. */
  async flush(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.round().finally(() => { this.running = undefined; });
    return this.running;
  }

  private async round(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const now = this.clock.now().getTime();
      const due = await this.storage.claimDue<OutboxMessage>(this.collection, now, 20, LEASE_MS);
      if (due.length === 0) return;
      for (const record of due.sort((a, b) => a.key.localeCompare(b.key))) await this.attempt({ id: record.key, ...record.value });
    }
  }

  private async attempt(job: OutboxJob): Promise<void> {
    try {
      if (this.options.keepSent && await this.storage.get(this.sentMarks, job.id)) {
        await this.storage.delete(this.collection, job.id);
        return;
      }
      await this.send(job);
      // The mark before the delete: a crash between them leaves a message that is then dropped, not sent again.
      if (this.options.keepSent) await this.storage.insert(this.sentMarks, job.id, { sentAt: this.clock.now().toISOString() });
      await this.storage.delete(this.collection, job.id);
    } catch (err) {
      const attempts = job.attempts + 1;
      const delay = Math.min(this.options.maxDelayMs, this.options.initialDelayMs * 2 ** Math.min(attempts - 1, 30));
      const message: OutboxMessage = { kind: job.kind, body: job.body, attempts, lastError: (err as Error).message };
      await this.storage.update(this.collection, job.id, message, { dueAt: this.clock.now().getTime() + delay });
      this.logger.warn({ job: job.id, kind: job.kind, attempts, retryInMs: delay, reason: message.lastError }, 'message to SAP not taken, will retry');
    }
  }
}
