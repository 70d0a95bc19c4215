import type Database from 'better-sqlite3';
import type { PendingDelivery, PurchaseStore, ReceivedInvoice, SubjectType, SyncCursor } from '../../core/purchases/ports/PurchaseStore.js';
import { PURCHASE_COLUMNS, purchaseValues, toCursor, toReceived, type CursorRow, type PurchaseRow } from '../sql/purchaseRows.js';
import { migrate } from './migrations.js';
import { openSqlite } from './openSqlite.js';

/** The inbound direction's state in the store's SQLite file (its own connection; WAL shares the file). */
export class SqlitePurchaseStore implements PurchaseStore {
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

  async cursor(contextNip: string, subjectType: SubjectType): Promise<SyncCursor | undefined> {
    const r = this.sql('SELECT * FROM purchase_cursors WHERE context_nip = ? AND subject_type = ?').get(contextNip, subjectType) as CursorRow | undefined;
    return r ? toCursor(r) : undefined;
  }

  async cursors(): Promise<SyncCursor[]> {
    return (this.sql('SELECT * FROM purchase_cursors ORDER BY context_nip, subject_type').all() as CursorRow[]).map(toCursor);
  }

  async storeInvoices(invoices: readonly ReceivedInvoice[], consumers: readonly string[]): Promise<string[]> {
    const insert = this.sql(`INSERT INTO purchase_invoices (${PURCHASE_COLUMNS}, xml, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (context_nip, ksef_number) DO NOTHING`);
    const deliver = this.sql(`INSERT INTO purchase_deliveries (consumer, context_nip, ksef_number, due_at, seq) VALUES (?, ?, ?, 0, ?)
      ON CONFLICT DO NOTHING`);
    return this.db.transaction(() => {
      const fresh: string[] = [];
      // Read inside the write lock: another handle on the file may have stored invoices since.
      let seq = (this.sql('SELECT COALESCE(MAX(seq), 0) AS s FROM purchase_invoices').get() as { s: number }).s;
      for (const i of invoices) {
        if (insert.run(...purchaseValues(i), seq + 1).changes !== 1) continue;
        seq += 1;
        fresh.push(i.ksefNumber);
        for (const c of consumers) deliver.run(c, i.contextNip, i.ksefNumber, seq);
      }
      return fresh;
    }).immediate();
  }

  async advanceCursor(contextNip: string, subjectType: SubjectType, to: { continueFrom: string; hwm: string | null; received: number; now: number }): Promise<void> {
    this.sql(`INSERT INTO purchase_cursors (context_nip, subject_type, continue_from, hwm, last_sync_at, last_error, received)
      VALUES (?, ?, ?, ?, ?, NULL, ?)
      ON CONFLICT (context_nip, subject_type) DO UPDATE SET continue_from = excluded.continue_from, hwm = COALESCE(excluded.hwm, purchase_cursors.hwm),
        last_sync_at = excluded.last_sync_at, last_error = NULL, received = purchase_cursors.received + excluded.received`)
      .run(contextNip, subjectType, to.continueFrom, to.hwm, to.now, to.received);
  }

  async recordSyncError(contextNip: string, subjectType: SubjectType, message: string, now: number): Promise<void> {
    this.sql(`INSERT INTO purchase_cursors (context_nip, subject_type, last_sync_at, last_error) VALUES (?, ?, ?, ?)
      ON CONFLICT (context_nip, subject_type) DO UPDATE SET last_error = excluded.last_error, last_sync_at = excluded.last_sync_at`)
      .run(contextNip, subjectType, now, message);
  }

  async logExport(contextNip: string, subjectType: SubjectType, referenceNumber: string, now: number): Promise<void> {
    this.sql('INSERT OR IGNORE INTO purchase_exports (context_nip, subject_type, reference_number, started_at) VALUES (?, ?, ?, ?)')
      .run(contextNip, subjectType, referenceNumber, now);
  }

  async exportsSince(contextNip: string, since: number, subjectType?: SubjectType): Promise<number> {
    return (this.sql(`SELECT COUNT(*) AS n FROM purchase_exports WHERE context_nip = ? AND started_at >= ? AND (? IS NULL OR subject_type = ?)`)
      .get(contextNip, since, subjectType ?? null, subjectType ?? null) as { n: number }).n;
  }

  async tryLease(contextNip: string, owner: string, now: number, leaseMs: number): Promise<boolean> {
    return this.sql(`INSERT INTO purchase_leases (context_nip, owner, lease_until) VALUES (?, ?, ?)
      ON CONFLICT (context_nip) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until
      WHERE purchase_leases.owner = excluded.owner OR purchase_leases.lease_until <= ?`).run(contextNip, owner, now + leaseMs, now).changes === 1;
  }

  async releaseLease(contextNip: string, owner: string): Promise<void> {
    this.sql('DELETE FROM purchase_leases WHERE context_nip = ? AND owner = ?').run(contextNip, owner);
  }

  async claimDeliveries(consumer: string, limit: number, now: number, leaseMs: number): Promise<PendingDelivery[]> {
    return this.db.transaction(() => {
      const rows = this.sql(`SELECT d.attempts, ${PURCHASE_COLUMNS.split(', ').map((c) => `p.${c}`).join(', ')}, p.xml FROM purchase_deliveries d
        JOIN purchase_invoices p ON p.context_nip = d.context_nip AND p.ksef_number = d.ksef_number
        WHERE d.consumer = ? AND d.done = 0 AND d.due_at <= ? ORDER BY d.due_at, d.seq LIMIT ?`).all(consumer, now, limit) as (PurchaseRow & { attempts: number })[];
      const lease = this.sql('UPDATE purchase_deliveries SET due_at = ?, attempts = attempts + 1 WHERE consumer = ? AND context_nip = ? AND ksef_number = ?');
      for (const r of rows) lease.run(now + leaseMs, consumer, r.context_nip, r.ksef_number);
      return rows.map((r) => ({ consumer, attempts: r.attempts + 1, invoice: toReceived(r) }));
    }).immediate();
  }

  async ackDelivery(consumer: string, contextNip: string, ksefNumber: string): Promise<void> {
    this.sql('UPDATE purchase_deliveries SET done = 1, last_error = NULL WHERE consumer = ? AND context_nip = ? AND ksef_number = ?').run(consumer, contextNip, ksefNumber);
  }

  async failDelivery(consumer: string, contextNip: string, ksefNumber: string, error: string, retryAt: number): Promise<void> {
    this.sql('UPDATE purchase_deliveries SET due_at = ?, last_error = ? WHERE consumer = ? AND context_nip = ? AND ksef_number = ? AND done = 0')
      .run(retryAt, error, consumer, contextNip, ksefNumber);
  }

  async pendingDeliveries(): Promise<Record<string, number>> {
    const rows = this.sql('SELECT consumer, COUNT(*) AS n FROM purchase_deliveries WHERE done = 0 GROUP BY consumer').all() as { consumer: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.consumer, r.n]));
  }

  async getInvoice(ksefNumber: string, contextNip?: string): Promise<ReceivedInvoice | undefined> {
    const r = this.sql(`SELECT ${PURCHASE_COLUMNS}, xml FROM purchase_invoices WHERE ksef_number = ? AND (? IS NULL OR context_nip = ?) ORDER BY seq LIMIT 1`)
      .get(ksefNumber, contextNip ?? null, contextNip ?? null) as PurchaseRow | undefined;
    return r ? toReceived(r) : undefined;
  }

  async listInvoices(q: { contextNip?: string; limit: number; offset?: number }): Promise<Omit<ReceivedInvoice, 'xml'>[]> {
    const rows = this.sql(`SELECT ${PURCHASE_COLUMNS} FROM purchase_invoices WHERE (? IS NULL OR context_nip = ?) ORDER BY seq DESC LIMIT ? OFFSET ?`)
      .all(q.contextNip ?? null, q.contextNip ?? null, q.limit, q.offset ?? 0) as PurchaseRow[];
    return rows.map((r) => {
      const { xml: _xml, ...rest } = toReceived(r);
      return rest;
    });
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
