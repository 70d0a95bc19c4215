import type pg from 'pg';
import type { PendingDelivery, PurchaseStore, ReceivedInvoice, SubjectType, SyncCursor } from '../../core/purchases/ports/PurchaseStore.js';
import { PURCHASE_COLUMNS, purchaseValues, toCursor, toReceived, type CursorRow, type PurchaseRow } from '../sql/purchaseRows.js';
import { openPgPool, type PgStoreOptions } from './openPgPool.js';
import { withPgTransaction } from './withPgTransaction.js';

const P_COLUMNS = PURCHASE_COLUMNS.split(', ').map((c) => `p.${c}`).join(', ');

/**
 * The inbound direction's state in PostgreSQL, shared by every gateway instance on the database: the lease row keeps
 * one instance syncing a context at a time, and deliveries are claimed with `FOR UPDATE SKIP LOCKED`.
 */
export class PgPurchaseStore implements PurchaseStore {
  private closed = false;

  private constructor(private readonly pool: pg.Pool) {}

  static async open(options: PgStoreOptions): Promise<PgPurchaseStore> {
    return new PgPurchaseStore((await openPgPool({ ...options, max: options.max ?? 4 })).pool);
  }

  async cursor(contextNip: string, subjectType: SubjectType): Promise<SyncCursor | undefined> {
    const r = (await this.pool.query<CursorRow>('SELECT * FROM purchase_cursors WHERE context_nip = $1 AND subject_type = $2', [contextNip, subjectType])).rows[0];
    return r ? toCursor(r) : undefined;
  }

  async cursors(): Promise<SyncCursor[]> {
    return (await this.pool.query<CursorRow>('SELECT * FROM purchase_cursors ORDER BY context_nip, subject_type')).rows.map(toCursor);
  }

  storeInvoices(invoices: readonly ReceivedInvoice[], consumers: readonly string[]): Promise<string[]> {
    if (invoices.length === 0) return Promise.resolve([]);
    // One statement per call (arrays, one per column): a round trip per invoice cost more than the inserts.
    const columns = invoices.map(purchaseValues);
    const arrays = columns[0].map((_, k) => columns.map((row) => row[k]));
    return withPgTransaction(this.pool, async (c) => {
      const inserted = (await c.query<{ context_nip: string; ksef_number: string }>(`INSERT INTO purchase_invoices (${PURCHASE_COLUMNS}, xml)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::bigint[], $12::bytea[])
        ON CONFLICT (context_nip, ksef_number) DO NOTHING RETURNING context_nip, ksef_number`, arrays)).rows;
      if (inserted.length > 0 && consumers.length > 0) {
        await c.query(`INSERT INTO purchase_deliveries (consumer, context_nip, ksef_number, due_at)
          SELECT c.consumer, k.context_nip, k.ksef_number, 0 FROM unnest($1::text[]) AS c(consumer)
          CROSS JOIN unnest($2::text[], $3::text[]) WITH ORDINALITY AS k(context_nip, ksef_number, n) ORDER BY k.n
          ON CONFLICT DO NOTHING`, [consumers, inserted.map((r) => r.context_nip), inserted.map((r) => r.ksef_number)]);
      }
      return inserted.map((r) => r.ksef_number);
    });
  }

  async advanceCursor(contextNip: string, subjectType: SubjectType, to: { continueFrom: string; hwm: string | null; received: number; now: number }): Promise<void> {
    await this.pool.query(`INSERT INTO purchase_cursors (context_nip, subject_type, continue_from, hwm, last_sync_at, last_error, received)
      VALUES ($1, $2, $3, $4, $5, NULL, $6)
      ON CONFLICT (context_nip, subject_type) DO UPDATE SET continue_from = EXCLUDED.continue_from, hwm = COALESCE(EXCLUDED.hwm, purchase_cursors.hwm),
        last_sync_at = EXCLUDED.last_sync_at, last_error = NULL, received = purchase_cursors.received + EXCLUDED.received`,
    [contextNip, subjectType, to.continueFrom, to.hwm, to.now, to.received]);
  }

  async recordSyncError(contextNip: string, subjectType: SubjectType, message: string, now: number): Promise<void> {
    await this.pool.query(`INSERT INTO purchase_cursors (context_nip, subject_type, last_sync_at, last_error) VALUES ($1, $2, $3, $4)
      ON CONFLICT (context_nip, subject_type) DO UPDATE SET last_error = EXCLUDED.last_error, last_sync_at = EXCLUDED.last_sync_at`,
    [contextNip, subjectType, now, message]);
  }

  async logExport(contextNip: string, subjectType: SubjectType, referenceNumber: string, now: number): Promise<void> {
    await this.pool.query(`INSERT INTO purchase_exports (context_nip, subject_type, reference_number, started_at) VALUES ($1, $2, $3, $4)
      ON CONFLICT DO NOTHING`, [contextNip, subjectType, referenceNumber, now]);
  }

  async exportsSince(contextNip: string, since: number, subjectType?: SubjectType): Promise<number> {
    const r = await this.pool.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM purchase_exports
      WHERE context_nip = $1 AND started_at >= $2 AND ($3::text IS NULL OR subject_type = $3)`, [contextNip, since, subjectType ?? null]);
    return r.rows[0].n;
  }

  async tryLease(contextNip: string, owner: string, now: number, leaseMs: number): Promise<boolean> {
    const r = await this.pool.query(`INSERT INTO purchase_leases (context_nip, owner, lease_until) VALUES ($1, $2, $3)
      ON CONFLICT (context_nip) DO UPDATE SET owner = EXCLUDED.owner, lease_until = EXCLUDED.lease_until
      WHERE purchase_leases.owner = EXCLUDED.owner OR purchase_leases.lease_until <= $4`, [contextNip, owner, now + leaseMs, now]);
    return r.rowCount === 1;
  }

  async releaseLease(contextNip: string, owner: string): Promise<void> {
    await this.pool.query('DELETE FROM purchase_leases WHERE context_nip = $1 AND owner = $2', [contextNip, owner]);
  }

  claimDeliveries(consumer: string, limit: number, now: number, leaseMs: number): Promise<PendingDelivery[]> {
    return withPgTransaction(this.pool, async (c) => {
      const due = await c.query<{ context_nip: string; ksef_number: string; attempts: number }>(`SELECT context_nip, ksef_number, attempts
        FROM purchase_deliveries WHERE consumer = $1 AND NOT done AND due_at <= $2 ORDER BY due_at, seq LIMIT $3 FOR UPDATE SKIP LOCKED`, [consumer, now, limit]);
      if (due.rows.length === 0) return [];
      await c.query(`UPDATE purchase_deliveries SET due_at = $2, attempts = attempts + 1
        WHERE consumer = $1 AND (context_nip, ksef_number) IN (SELECT unnest($3::text[]), unnest($4::text[]))`,
      [consumer, now + leaseMs, due.rows.map((r) => r.context_nip), due.rows.map((r) => r.ksef_number)]);
      const rows = (await c.query<PurchaseRow>(`SELECT ${P_COLUMNS}, p.xml FROM purchase_invoices p
        JOIN unnest($1::text[], $2::text[]) WITH ORDINALITY AS k(context_nip, ksef_number, n) ON p.context_nip = k.context_nip AND p.ksef_number = k.ksef_number
        ORDER BY k.n`, [due.rows.map((r) => r.context_nip), due.rows.map((r) => r.ksef_number)])).rows;
      return rows.map((r, i) => ({ consumer, attempts: due.rows[i].attempts + 1, invoice: toReceived(r) }));
    });
  }

  async ackDelivery(consumer: string, contextNip: string, ksefNumber: string): Promise<void> {
    await this.pool.query('UPDATE purchase_deliveries SET done = TRUE, last_error = NULL WHERE consumer = $1 AND context_nip = $2 AND ksef_number = $3',
      [consumer, contextNip, ksefNumber]);
  }

  async failDelivery(consumer: string, contextNip: string, ksefNumber: string, error: string, retryAt: number): Promise<void> {
    await this.pool.query('UPDATE purchase_deliveries SET due_at = $1, last_error = $2 WHERE consumer = $3 AND context_nip = $4 AND ksef_number = $5 AND NOT done',
      [retryAt, error, consumer, contextNip, ksefNumber]);
  }

  async pendingDeliveries(): Promise<Record<string, number>> {
    const rows = (await this.pool.query<{ consumer: string; n: number }>('SELECT consumer, COUNT(*)::int AS n FROM purchase_deliveries WHERE NOT done GROUP BY consumer')).rows;
    return Object.fromEntries(rows.map((r) => [r.consumer, r.n]));
  }

  async getInvoice(ksefNumber: string, contextNip?: string): Promise<ReceivedInvoice | undefined> {
    const r = (await this.pool.query<PurchaseRow>(`SELECT ${PURCHASE_COLUMNS}, xml FROM purchase_invoices
      WHERE ksef_number = $1 AND ($2::text IS NULL OR context_nip = $2) ORDER BY seq LIMIT 1`, [ksefNumber, contextNip ?? null])).rows[0];
    return r ? toReceived(r) : undefined;
  }

  async listInvoices(q: { contextNip?: string; limit: number; offset?: number }): Promise<Omit<ReceivedInvoice, 'xml'>[]> {
    const rows = (await this.pool.query<PurchaseRow>(`SELECT ${PURCHASE_COLUMNS} FROM purchase_invoices
      WHERE ($1::text IS NULL OR context_nip = $1) ORDER BY seq DESC LIMIT $2 OFFSET $3`, [q.contextNip ?? null, q.limit, q.offset ?? 0])).rows;
    return rows.map((r) => {
      const { xml: _xml, ...rest } = toReceived(r);
      return rest;
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
