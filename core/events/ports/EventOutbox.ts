import type { ServiceIdentifier } from 'inversify';
import type { GatewayEvent } from '../../plugin-api/types.js';

/** An event as stored: `seq` orders events and is what a consumer acknowledges. */
export interface StoredEvent {
  readonly seq: number;
  readonly event: GatewayEvent;
  readonly createdAt: number;
}

/** A consumer leased for one delivery round, with the events it has not acknowledged yet (oldest first). */
export interface ConsumerBatch {
  readonly consumer: string;
  /** Failed attempts at the oldest of `events` so far (0 on a first try). */
  readonly attempts: number;
  readonly events: readonly StoredEvent[];
}

/** Where a consumer stands: what `status` and the notifications show about a notifier that is down. */
export interface ConsumerBacklog {
  readonly consumer: string;
  /** Events stored and not yet acknowledged by this consumer. */
  readonly waiting: number;
  /** When the oldest of them was stored. */
  readonly oldestAt?: number;
  readonly attempts: number;
  readonly dueAt: number;
  readonly lastError?: string;
}

export interface EventLease {
  readonly owner: string;
  readonly leaseMs: number;
}

/**
 * The durable events outbox (issue 15 D9): every alert is stored before anyone hears of it, and each consumer
 * (a notifier plugin, an ERP adapter's `onEvent`, the notification rules) has a cursor it moves only when it has taken
 * an event. A consumer that is down keeps its place; a restart carries on from the cursor. Consumers hear events in
 * the order they were stored, so "paused" never overtakes "resumed". Appends are serialised, so a cursor never skips
 * an event committed late. With several instances on one database a consumer is leased to one of them at a time.
 */
export interface EventOutbox {
  /**
   * Stores an event. With `dedupeKey`, an event with the same key is stored only once (a verdict recorded again after
   * a crash announces nothing new). Returns false when the key was already there.
   */
  append(event: GatewayEvent, options: { readonly now: number; readonly dedupeKey?: string }): Promise<boolean>;
  /**
   * Makes consumers known and marks them seen. A consumer met for the first time starts after the newest stored event:
   * it hears what happens from now on, not the history.
   */
  register(consumers: readonly string[], now: number): Promise<void>;
  /** Leases those of `consumers` that are due and have events waiting; up to `limit` events each. */
  claim(consumers: readonly string[], now: number, lease: EventLease, limit: number): Promise<ConsumerBatch[]>;
  /** The consumer took every event up to `seq`: its cursor moves there, its attempts start again from 0; the lease stays. */
  acknowledge(consumer: string, seq: number, owner: string): Promise<void>;
  /** The consumer failed on its oldest waiting event: try again at `dueAt`; the lease is given up. */
  defer(consumer: string, dueAt: number, error: string, owner: string): Promise<void>;
  /** Gives up the lease without counting an attempt (end of a round, shutdown). */
  release(consumer: string, owner: string): Promise<void>;
  /** Every known consumer with what waits for it. */
  backlog(): Promise<ConsumerBacklog[]>;
  /** The newest events, newest first (for `status` and tests). */
  recent(limit: number): Promise<StoredEvent[]>;
  /**
   * Deletes events older than `keepMs` that every consumer seen within `activeMs` has acknowledged; a consumer not seen
   * for that long (removed from config) no longer holds events back. Returns how many were deleted.
   */
  purge(now: number, keepMs: number, activeMs: number): Promise<number>;
  close(): Promise<void>;
}

export const EVENT_OUTBOX = Symbol.for('ksef-gateway/events/EventOutbox') as ServiceIdentifier<EventOutbox>;
