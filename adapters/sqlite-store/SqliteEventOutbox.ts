import type Database from 'better-sqlite3';
import type { ConsumerBacklog, ConsumerBatch, EventLease, EventOutbox, StoredEvent } from '../../core/events/ports/EventOutbox.js';
import type { GatewayEvent } from '../../core/plugin-api/types.js';
import { toBacklog, toStoredEvent, type BacklogRow, type EventRow } from '../sql/eventRows.js';
import { migrate } from './migrations.js';
import { openSqlite } from './openSqlite.js';

/** The events outbox in the store's SQLite file (its own connection; SQLite writes are serial, so seq is commit order). */
export class SqliteEventOutbox implements EventOutbox {
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(file: string) {
    this.db = openSqlite(file);
    migrate(this.db);
  }

  private sql(text: string): Database.Statement {
    let stmt = this.statements.get(text);
    if (!stmt) this.statements.set(text, (stmt = this.db.prepare(text)));
    return stmt;
  }

  async append(event: GatewayEvent, options: { now: number; dedupeKey?: string }): Promise<boolean> {
    return this.sql('INSERT INTO events (type, dedupe_key, body, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING')
      .run(event.type, options.dedupeKey ?? null, JSON.stringify(event), options.now).changes === 1;
  }

  async register(consumers: readonly string[], now: number): Promise<void> {
    const upsert = this.sql(`INSERT INTO event_consumers (consumer, acked_seq, due_at, seen_at)
      VALUES (?, (SELECT COALESCE(MAX(seq), 0) FROM events), 0, ?)
      ON CONFLICT (consumer) DO UPDATE SET seen_at = excluded.seen_at`);
    this.db.transaction(() => { for (const c of consumers) upsert.run(c, now); }).immediate();
  }

  async claim(consumers: readonly string[], now: number, lease: EventLease, limit: number): Promise<ConsumerBatch[]> {
    if (consumers.length === 0) return [];
    return this.db.transaction(() => {
      const leased = this.sql(`UPDATE event_consumers SET lease_owner = @owner, lease_until = @until
        WHERE consumer IN (SELECT value FROM json_each(@consumers)) AND due_at <= @now
          AND (lease_owner IS NULL OR lease_until <= @now OR lease_owner = @owner)
          AND EXISTS (SELECT 1 FROM events WHERE seq > event_consumers.acked_seq)
        RETURNING consumer, acked_seq, attempts`)
        .all({ owner: lease.owner, until: now + lease.leaseMs, now, consumers: JSON.stringify(consumers) }) as
        { consumer: string; acked_seq: number; attempts: number }[];
      const after = this.sql('SELECT seq, body, created_at FROM events WHERE seq > ? ORDER BY seq LIMIT ?');
      return leased.sort((a, b) => (a.consumer < b.consumer ? -1 : 1)).map((c) => ({
        consumer: c.consumer, attempts: c.attempts, events: (after.all(c.acked_seq, limit) as EventRow[]).map(toStoredEvent),
      }));
    }).immediate();
  }

  async acknowledge(consumer: string, seq: number, owner: string): Promise<void> {
    this.sql(`UPDATE event_consumers SET acked_seq = MAX(acked_seq, ?), attempts = 0, last_error = NULL
      WHERE consumer = ? AND (lease_owner IS NULL OR lease_owner = ?)`).run(seq, consumer, owner);
  }

  async defer(consumer: string, dueAt: number, error: string, owner: string): Promise<void> {
    this.sql(`UPDATE event_consumers SET attempts = attempts + 1, due_at = ?, last_error = ?, lease_owner = NULL, lease_until = NULL
      WHERE consumer = ? AND (lease_owner IS NULL OR lease_owner = ?)`).run(dueAt, error.slice(0, 400), consumer, owner);
  }

  async release(consumer: string, owner: string): Promise<void> {
    this.sql('UPDATE event_consumers SET lease_owner = NULL, lease_until = NULL WHERE consumer = ? AND lease_owner = ?').run(consumer, owner);
  }

  async backlog(): Promise<ConsumerBacklog[]> {
    return (this.sql(`SELECT c.consumer, c.attempts, c.due_at, c.last_error,
        (SELECT COUNT(*) FROM events e WHERE e.seq > c.acked_seq) AS waiting,
        (SELECT MIN(created_at) FROM events e WHERE e.seq > c.acked_seq) AS oldest_at
      FROM event_consumers c ORDER BY c.consumer`).all() as BacklogRow[]).map(toBacklog);
  }

  async recent(limit: number): Promise<StoredEvent[]> {
    return (this.sql('SELECT seq, body, created_at FROM events ORDER BY seq DESC LIMIT ?').all(limit) as EventRow[]).map(toStoredEvent);
  }

  async purge(now: number, keepMs: number, activeMs: number): Promise<number> {
    return this.sql(`DELETE FROM events WHERE created_at < @before AND seq <= COALESCE(
        (SELECT MIN(acked_seq) FROM event_consumers WHERE seen_at >= @active), (SELECT MAX(seq) FROM events))`)
      .run({ before: now - keepMs, active: now - activeMs }).changes;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
