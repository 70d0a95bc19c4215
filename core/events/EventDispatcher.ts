import type { Logger } from 'pino';
import type { GatewayEvent } from '../plugin-api/types.js';
import { backoff } from '../pipeline/PipelineOptions.js';
import { withTimeout } from '../plugins/withTimeout.js';
import type { ConsumerBatch, EventOutbox } from './ports/EventOutbox.js';

/** Someone who hears events: a notifier plugin, an ERP adapter's `onEvent`, the notification rules. */
export interface EventConsumer {
  /** Stable across restarts (`notifier:<instance>`, `adapter:<instance>`): the outbox keeps its cursor under it. */
  readonly id: string;
  /** Resolves when the consumer has taken the event; a rejection (or a hang past the timeout) retries it later. */
  deliver(event: GatewayEvent): Promise<void>;
}

export interface EventDispatcherOptions {
  /** Owner of the consumers' leases (the instance id). */
  readonly owner: string;
  readonly leaseMs: number;
  /** Backoff after a failed delivery: base, doubled per attempt, capped. */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** How often due consumers are looked for when nothing wakes the dispatcher. */
  readonly pollMs: number;
  /** A delivery that takes longer counts as failed. */
  readonly deliveryTimeoutMs: number;
  /** Events every active consumer took are deleted after this long. */
  readonly keepMs: number;
  readonly now?: () => number;
}

export const DEFAULT_EVENT_OPTIONS: Omit<EventDispatcherOptions, 'owner'> = {
  leaseMs: 120_000, retryBaseMs: 5_000, retryMaxMs: 15 * 60_000, pollMs: 2_000, deliveryTimeoutMs: 30_000, keepMs: 7 * 86_400_000,
};

/** A consumer not seen for this long (removed from config) no longer keeps events from being purged. */
const ACTIVE_MS = 30 * 86_400_000;
const BATCH = 100;

/**
 * Hands stored events to every consumer, in order, until each acknowledges: a consumer that fails keeps its place and
 * is tried again with backoff, while the others carry on. Nothing is held in memory between rounds; the outbox is the
 * truth, so a restart continues where the last acknowledgement left each consumer.
 */
export class EventDispatcher {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private again = false;
  private stopped = true;
  private lastPurge = 0;
  private readonly now: () => number;

  constructor(private readonly outbox: EventOutbox, private readonly consumers: () => readonly EventConsumer[],
    private readonly options: EventDispatcherOptions, private readonly logger: Logger) {
    this.now = options.now ?? Date.now;
  }

  /** Registers the consumers (a new one hears events from now on) and starts delivering. */
  async start(): Promise<void> {
    await this.outbox.register(this.consumers().map((c) => c.id), this.now());
    this.stopped = false;
    this.schedule(0);
  }

  /** A new event was stored: deliver it now instead of at the next poll. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One round: every due consumer gets its waiting events. Returns how many deliveries were acknowledged. */
  async runOnce(): Promise<number> {
    const byId = new Map(this.consumers().map((c) => [c.id, c]));
    const { owner, leaseMs } = this.options;
    const batches = await this.outbox.claim([...byId.keys()], this.now(), { owner, leaseMs }, BATCH);
    const counts = await Promise.all(batches.map((b) => this.deliverBatch(byId.get(b.consumer)!, b)));
    if (this.now() - this.lastPurge > 3_600_000) {
      this.lastPurge = this.now();
      await this.outbox.purge(this.now(), this.options.keepMs, ACTIVE_MS);
    }
    return counts.reduce((a, b) => a + b, 0);
  }

  private async deliverBatch(consumer: EventConsumer, batch: ConsumerBatch): Promise<number> {
    const { owner, deliveryTimeoutMs: timeout } = this.options;
    let done = 0;
    for (const stored of batch.events) {
      if (this.stopped) break;
      try {
        await withTimeout(Promise.resolve().then(() => consumer.deliver(stored.event)), timeout,
          () => new Error(`did not take the event within ${timeout} ms`));
      } catch (err) {
        const attempts = (done === 0 ? batch.attempts : 0) + 1;
        const delay = backoff(attempts - 1, this.options.retryBaseMs, this.options.retryMaxMs);
        await this.outbox.defer(consumer.id, this.now() + delay, (err as Error)?.message ?? String(err), owner);
        const log = { consumer: consumer.id, event: stored.event.type, seq: stored.seq, attempts, retryInMs: delay, err };
        if (attempts % 5 === 0) this.logger.error(log, 'event consumer keeps failing; events are kept until it takes them');
        else this.logger.warn(log, 'event delivery failed; retrying later');
        return done;
      }
      await this.outbox.acknowledge(consumer.id, stored.seq, owner);
      done += 1;
    }
    await this.outbox.release(consumer.id, owner);
    if (done === BATCH) this.again = true;
    return done;
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tick(), ms);
    this.timer.unref();
  }

  private tick(): void {
    if (this.stopped || this.running) return;
    this.again = false;
    this.running = this.runOnce()
      .catch((err: unknown) => this.logger.error({ err }, 'event delivery round failed; retried at the next poll'))
      .finally(() => {
        this.running = undefined;
        if (!this.stopped) this.schedule(this.again ? 0 : this.options.pollMs);
      });
  }
}
