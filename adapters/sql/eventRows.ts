import type { ConsumerBacklog, StoredEvent } from '../../core/events/ports/EventOutbox.js';
import type { GatewayEvent } from '../../core/plugin-api/types.js';

/** Rows of the events outbox as both stores return them (timestamps already numbers). */
export interface EventRow {
  readonly seq: number | string;
  readonly body: string;
  readonly created_at: number;
}

export interface BacklogRow {
  readonly consumer: string;
  readonly attempts: number;
  readonly due_at: number;
  readonly last_error: string | null;
  readonly waiting: number | string;
  readonly oldest_at: number | null;
}

export function toStoredEvent(r: EventRow): StoredEvent {
  return { seq: Number(r.seq), event: JSON.parse(r.body) as GatewayEvent, createdAt: Number(r.created_at) };
}

export function toBacklog(r: BacklogRow): ConsumerBacklog {
  return {
    consumer: r.consumer, waiting: Number(r.waiting), attempts: r.attempts, dueAt: Number(r.due_at),
    ...(r.oldest_at !== null ? { oldestAt: Number(r.oldest_at) } : {}),
    ...(r.last_error !== null ? { lastError: r.last_error } : {}),
  };
}
