import type pg from 'pg';
import type { ConsumerBacklog, ConsumerBatch, EventLease, EventOutbox, StoredEvent } from '../../core/events/ports/EventOutbox.js';
import type { GatewayEvent } from '../../core/plugin-api/types.js';
import { toBacklog, toStoredEvent, type BacklogRow, type EventRow } from '../sql/eventRows.js';
import { openPgPool, type PgStoreOptions } from './openPgPool.js';
import { withPgTransaction } from './withPgTransaction.js';

/** First key of the appends' advisory lock (the second is the schema's hash), distinct from the migrations' lock. */
const APPEND_LOCK = 0x6b736576;

/**
 * The events outbox in PostgreSQL, shared by every instance on the schema. Appends are serialised by a
 * transaction-scoped advisory lock: an identity value is taken only under the lock, so seq order is commit order and
 * a cursor can never pass an event that commits later. Consumers are leased with `FOR UPDATE SKIP LOCKED`.
 */
export class PgEventOutbox implements EventOutbox {
  private closed = false;

  private constructor(private readonly pool: pg.Pool) {}

  static async open(options: PgStoreOptions): Promise<PgEventOutbox> {
    return new PgEventOutbox((await openPgPool({ ...options, max: options.max ?? 2 })).pool);
  }

  async append(event: GatewayEvent, options: { now: number; dedupeKey?: string }): Promise<boolean> {
    return withPgTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))', [APPEND_LOCK]);
      const r = await client.query(`INSERT INTO events (type, dedupe_key, body, created_at) VALUES ($1, $2, $3, $4)
        ON CONFLICT (dedupe_key) DO NOTHING`, [event.type, options.dedupeKey ?? null, JSON.stringify(event), options.now]);
      return r.rowCount === 1;
    });
  }

  async register(consumers: readonly string[], now: number): Promise<void> {
    if (consumers.length === 0) return;
    await this.pool.query(`INSERT INTO event_consumers (consumer, acked_seq, due_at, seen_at)
      SELECT c, (SELECT COALESCE(MAX(seq), 0) FROM events), 0, $2 FROM unnest($1::text[]) AS c
      ON CONFLICT (consumer) DO UPDATE SET seen_at = EXCLUDED.seen_at`, [consumers, now]);
  }

  async claim(consumers: readonly string[], now: number, lease: EventLease, limit: number): Promise<ConsumerBatch[]> {
    if (consumers.length === 0) return [];
    const { rows } = await this.pool.query<{ consumer: string; acked_seq: number; attempts: number }>(`WITH due AS (
        SELECT consumer FROM event_consumers c
        WHERE consumer = ANY($1::text[]) AND due_at <= $2 AND (lease_owner IS NULL OR lease_until <= $2 OR lease_owner = $3)
          AND EXISTS (SELECT 1 FROM events e WHERE e.seq > c.acked_seq)
        FOR UPDATE SKIP LOCKED)
      UPDATE event_consumers ec SET lease_owner = $3, lease_until = $4 FROM due WHERE ec.consumer = due.consumer
      RETURNING ec.consumer, ec.acked_seq, ec.attempts`, [consumers, now, lease.owner, now + lease.leaseMs]);
    const out: ConsumerBatch[] = [];
    for (const c of rows.sort((a, b) => (a.consumer < b.consumer ? -1 : 1))) {
      const events = await this.pool.query<EventRow>('SELECT seq, body, created_at FROM events WHERE seq > $1 ORDER BY seq LIMIT $2',
        [c.acked_seq, limit]);
      out.push({ consumer: c.consumer, attempts: c.attempts, events: events.rows.map(toStoredEvent) });
    }
    return out;
  }

  async acknowledge(consumer: string, seq: number, owner: string): Promise<void> {
    await this.pool.query(`UPDATE event_consumers SET acked_seq = GREATEST(acked_seq, $1), attempts = 0, last_error = NULL
      WHERE consumer = $2 AND (lease_owner IS NULL OR lease_owner = $3)`, [seq, consumer, owner]);
  }

  async defer(consumer: string, dueAt: number, error: string, owner: string): Promise<void> {
    await this.pool.query(`UPDATE event_consumers SET attempts = attempts + 1, due_at = $1, last_error = $2, lease_owner = NULL, lease_until = NULL
      WHERE consumer = $3 AND (lease_owner IS NULL OR lease_owner = $4)`, [dueAt, error.slice(0, 400), consumer, owner]);
  }

  async release(consumer: string, owner: string): Promise<void> {
    await this.pool.query('UPDATE event_consumers SET lease_owner = NULL, lease_until = NULL WHERE consumer = $1 AND lease_owner = $2',
      [consumer, owner]);
  }

  async backlog(): Promise<ConsumerBacklog[]> {
    const { rows } = await this.pool.query<BacklogRow>(`SELECT c.consumer, c.attempts, c.due_at, c.last_error,
        (SELECT COUNT(*) FROM events e WHERE e.seq > c.acked_seq) AS waiting,
        (SELECT MIN(created_at) FROM events e WHERE e.seq > c.acked_seq) AS oldest_at
      FROM event_consumers c ORDER BY c.consumer`);
    return rows.map(toBacklog);
  }

  async recent(limit: number): Promise<StoredEvent[]> {
    const { rows } = await this.pool.query<EventRow>('SELECT seq, body, created_at FROM events ORDER BY seq DESC LIMIT $1', [limit]);
    return rows.map(toStoredEvent);
  }

  async purge(now: number, keepMs: number, activeMs: number): Promise<number> {
    const r = await this.pool.query(`DELETE FROM events WHERE created_at < $1 AND seq <= COALESCE(
        (SELECT MIN(acked_seq) FROM event_consumers WHERE seen_at >= $2), (SELECT MAX(seq) FROM events))`, [now - keepMs, now - activeMs]);
    return r.rowCount ?? 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
