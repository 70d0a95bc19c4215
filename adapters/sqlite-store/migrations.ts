import type { Database } from 'better-sqlite3';
import { refuseNewerSchema } from '../sql/refuseNewerSchema.js';

/** Versioned schema steps, applied in order, each in its own transaction. Never edit a released step: add one. */
export const MIGRATIONS: readonly { readonly version: number; readonly name: string; readonly sql: string }[] = [
  {
    version: 1,
    name: 'outbox',
    sql: `
      CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        erp_id TEXT NOT NULL,
        state TEXT NOT NULL,
        urgent INTEGER NOT NULL DEFAULT 0,
        context_nip TEXT,
        seller_nip TEXT,
        invoice_kind TEXT,
        invoice_number TEXT,
        issue_date TEXT,
        has_attachment INTEGER NOT NULL DEFAULT 0,
        xml BLOB,
        invoice_hash TEXT,
        invoice_size INTEGER,
        session_ref TEXT,
        invoice_ref TEXT,
        ksef_number TEXT,
        acquisition_date TEXT,
        upo_path TEXT,
        errors TEXT NOT NULL DEFAULT '[]',
        attempts INTEGER NOT NULL DEFAULT 0,
        lease_owner TEXT,
        lease_until INTEGER NOT NULL DEFAULT 0,
        delivery_attempts INTEGER NOT NULL DEFAULT 0,
        next_delivery_at INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        UNIQUE (source, erp_id)
      );
      CREATE INDEX documents_queue ON documents (state, context_nip, created_at);
      CREATE INDEX documents_key ON documents (seller_nip, invoice_kind, invoice_number);
      CREATE INDEX documents_session ON documents (session_ref);
      CREATE INDEX documents_hash ON documents (invoice_hash);
      CREATE TABLE sessions (
        ref TEXT PRIMARY KEY,
        context_nip TEXT NOT NULL,
        kind TEXT NOT NULL,
        state TEXT NOT NULL,
        valid_until INTEGER NOT NULL,
        invoice_count INTEGER NOT NULL DEFAULT 0,
        status_code INTEGER,
        upo_path TEXT,
        next_poll_at INTEGER NOT NULL DEFAULT 0,
        poll_attempts INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX sessions_state ON sessions (state, context_nip);
      CREATE TABLE contexts (
        context_nip TEXT PRIMARY KEY,
        paused_reason TEXT,
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'rate-limits',
    sql: `
      CREATE TABLE rate_hits (key TEXT NOT NULL, at INTEGER NOT NULL);
      CREATE INDEX rate_hits_key_at ON rate_hits (key, at);
      CREATE TABLE rate_blocks (key TEXT PRIMARY KEY, until INTEGER NOT NULL);
    `,
  },
  {
    version: 3,
    name: 'session-owner',
    sql: `ALTER TABLE sessions ADD COLUMN owner TEXT NOT NULL DEFAULT '';
      CREATE INDEX sessions_owner ON sessions (owner, state);`,
  },
  {
    // SQLite rewrites a whole row on UPDATE: with the XML in it, every state change copied kilobytes.
    version: 4,
    name: 'xml-apart',
    sql: `CREATE TABLE document_xml (id TEXT PRIMARY KEY, xml BLOB NOT NULL);
      INSERT INTO document_xml (id, xml) SELECT id, xml FROM documents WHERE xml IS NOT NULL;
      ALTER TABLE documents DROP COLUMN xml;`,
  },
  {
    // UPOs were files under <dataDir>/upo/ (upo_path); those rows keep their path and are read from the file.
    version: 5,
    name: 'upo-in-store',
    sql: `CREATE TABLE document_upo (id TEXT PRIMARY KEY, upo BLOB NOT NULL);
      CREATE TABLE session_upo (ref TEXT NOT NULL, page INTEGER NOT NULL, upo BLOB NOT NULL, PRIMARY KEY (ref, page));
      ALTER TABLE sessions ADD COLUMN upo_pages INTEGER NOT NULL DEFAULT 0;`,
  },
  {
    // No query looks documents up by hash (sessions' invoice lists are matched in memory); its random values made
    // every admission pay for an index entry on a scattered page.
    version: 6,
    name: 'no-hash-index',
    sql: 'DROP INDEX documents_hash;',
  },
  {
    // The events outbox (docs/events.md): alerts kept until each consumer (notifier, ERP adapter's onEvent, the
    // notification rules) has taken them; a consumer's cursor is the last event it acknowledged.
    version: 7,
    name: 'events-outbox',
    sql: `CREATE TABLE events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT NOT NULL, dedupe_key TEXT UNIQUE, body TEXT NOT NULL,
        created_at INTEGER NOT NULL);
      CREATE INDEX events_created ON events (created_at);
      CREATE TABLE event_consumers (
        consumer TEXT PRIMARY KEY, acked_seq INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, due_at INTEGER NOT NULL,
        last_error TEXT, lease_owner TEXT, lease_until INTEGER, seen_at INTEGER NOT NULL);`,
  },
  {
    // `upo get` and `retry` find a document by its ERP id (whatever plugin sent it) or its KSeF number.
    version: 10,
    name: 'document-lookup',
    sql: `CREATE INDEX documents_erp_id ON documents (erp_id);
      CREATE INDEX documents_ksef_number ON documents (ksef_number);`,
  },
  {
    // Background work that failed (certificate expiry check, a plugin's poll, ...): one row per area, kept until that
    // work succeeds again, so that `status` (another process) and /healthz can show it.
    version: 11,
    name: 'gateway-problems',
    sql: `CREATE TABLE gateway_problems (
        area TEXT PRIMARY KEY, message TEXT NOT NULL, count INTEGER NOT NULL, first_at INTEGER NOT NULL, last_at INTEGER NOT NULL);`,
  },
  {
    // Why the last hand-over of an outcome to its plugin failed, so that `status` and /healthz can show it (a
    // failing delivery was otherwise a log line only).
    version: 15,
    name: 'delivery-error',
    sql: 'ALTER TABLE documents ADD COLUMN delivery_error TEXT;',
  },
  {
    // The inbound direction: invoices KSeF holds for a context (deduplicated by KSeF number), sync cursors per
    // (context, subject type), the per-plugin delivery outbox, the export log (budget) and the sync lease.
    version: 20,
    name: 'purchases',
    sql: `CREATE TABLE purchase_invoices (
        context_nip TEXT NOT NULL, ksef_number TEXT NOT NULL, subject_type TEXT NOT NULL, invoice_number TEXT NOT NULL,
        seller_nip TEXT NOT NULL, issue_date TEXT NOT NULL, acquisition_date TEXT NOT NULL, permanent_storage_date TEXT NOT NULL,
        invoice_hash TEXT NOT NULL, metadata TEXT NOT NULL, xml BLOB NOT NULL, received_at INTEGER NOT NULL, seq INTEGER NOT NULL,
        PRIMARY KEY (context_nip, ksef_number));
      CREATE INDEX purchase_invoices_number ON purchase_invoices (ksef_number);
      CREATE INDEX purchase_invoices_listing ON purchase_invoices (context_nip, seq);
      CREATE INDEX purchase_invoices_seq ON purchase_invoices (seq);
      CREATE TABLE purchase_cursors (
        context_nip TEXT NOT NULL, subject_type TEXT NOT NULL, continue_from TEXT, hwm TEXT, last_sync_at INTEGER,
        last_error TEXT, received INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (context_nip, subject_type));
      CREATE TABLE purchase_deliveries (
        consumer TEXT NOT NULL, context_nip TEXT NOT NULL, ksef_number TEXT NOT NULL, done INTEGER NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 0, due_at INTEGER NOT NULL, last_error TEXT, seq INTEGER NOT NULL,
        PRIMARY KEY (consumer, context_nip, ksef_number));
      CREATE INDEX purchase_deliveries_due ON purchase_deliveries (consumer, done, due_at, seq);
      CREATE TABLE purchase_exports (
        context_nip TEXT NOT NULL, subject_type TEXT NOT NULL, reference_number TEXT NOT NULL, started_at INTEGER NOT NULL,
        PRIMARY KEY (reference_number));
      CREATE INDEX purchase_exports_time ON purchase_exports (context_nip, started_at);
      CREATE TABLE purchase_leases (context_nip TEXT PRIMARY KEY, owner TEXT NOT NULL, lease_until INTEGER NOT NULL);`,
  },
  {
    // Plugins' own records (API keys, idempotency keys, webhook outboxes): one table, scoped by plugin instance;
    // and a plugin's documents listed newest first (the REST API's GET /v1/invoices).
    version: 30,
    name: 'plugin-records',
    sql: `CREATE TABLE plugin_records (
        instance TEXT NOT NULL, collection TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, version INTEGER NOT NULL,
        due_at INTEGER, expires_at INTEGER, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
        PRIMARY KEY (instance, collection, key));
      CREATE INDEX plugin_records_due ON plugin_records (instance, collection, due_at) WHERE due_at IS NOT NULL;
      CREATE INDEX plugin_records_expiry ON plugin_records (instance, expires_at) WHERE expires_at IS NOT NULL;
      CREATE INDEX documents_listing ON documents (source, created_at, id);`,
  },
  {
    // The operations console: its users, sign-in sessions and audit log; every state change of a document with its
    // time and instance (kept by triggers, so no writer can forget it); failed documents per error code (the
    // rejections page groups them without reading every document's errors); and indexes for the console's searches,
    // each ordered like its keyset pages (created_at, id descending).
    version: 45,
    name: 'console',
    sql: `CREATE TABLE console_users (
        username TEXT PRIMARY KEY, password_hash TEXT NOT NULL, role TEXT NOT NULL, failed_attempts INTEGER NOT NULL DEFAULT 0,
        locked_until INTEGER NOT NULL DEFAULT 0, last_login_at INTEGER, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
      CREATE TABLE console_sessions (
        id_hash TEXT PRIMARY KEY, username TEXT NOT NULL, csrf TEXT NOT NULL, expires_at INTEGER NOT NULL, created_at INTEGER NOT NULL);
      CREATE INDEX console_sessions_user ON console_sessions (username);
      CREATE TABLE console_audit (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, username TEXT NOT NULL, action TEXT NOT NULL,
        target TEXT, outcome TEXT NOT NULL, detail TEXT, remote TEXT);
      CREATE TABLE document_history (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL, context_nip TEXT, from_state TEXT, to_state TEXT NOT NULL,
        instance TEXT, at INTEGER NOT NULL);
      CREATE INDEX document_history_doc ON document_history (id, seq);
      CREATE INDEX document_history_last ON document_history (context_nip, to_state, at);
      INSERT INTO document_history (id, context_nip, from_state, to_state, instance, at)
        SELECT id, context_nip, NULL, state, lease_owner, updated_at FROM documents;
      CREATE TRIGGER documents_history_insert AFTER INSERT ON documents BEGIN
        INSERT INTO document_history (id, context_nip, from_state, to_state, instance, at)
        VALUES (NEW.id, NEW.context_nip, NULL, NEW.state, NEW.lease_owner, NEW.updated_at);
      END;
      CREATE TRIGGER documents_history_update AFTER UPDATE OF state ON documents WHEN NEW.state <> OLD.state BEGIN
        INSERT INTO document_history (id, context_nip, from_state, to_state, instance, at)
        VALUES (NEW.id, NEW.context_nip, OLD.state, NEW.state,
          COALESCE(NEW.lease_owner, OLD.lease_owner, (SELECT owner FROM sessions WHERE ref = NEW.session_ref)), NEW.updated_at);
      END;
      CREATE TABLE document_failures (
        code TEXT NOT NULL, id TEXT NOT NULL, context_nip TEXT, state TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (code, id));
      CREATE INDEX document_failures_doc ON document_failures (id);
      CREATE INDEX document_failures_code ON document_failures (code, at, id);
      INSERT OR IGNORE INTO document_failures (code, id, context_nip, state, at)
        SELECT COALESCE(json_extract(e.value, '$.code'), 'UNKNOWN'), d.id, d.context_nip, d.state, d.updated_at
        FROM documents d, json_each(d.errors) e
        WHERE d.state IN ('invalid', 'rejected', 'delivered') AND d.ksef_number IS NULL AND d.errors <> '[]';
      CREATE TRIGGER documents_failures_insert AFTER INSERT ON documents
        WHEN NEW.state IN ('invalid', 'rejected') AND NEW.ksef_number IS NULL AND NEW.errors <> '[]' BEGIN
        INSERT OR IGNORE INTO document_failures (code, id, context_nip, state, at)
        SELECT COALESCE(json_extract(value, '$.code'), 'UNKNOWN'), NEW.id, NEW.context_nip, NEW.state, NEW.updated_at FROM json_each(NEW.errors);
      END;
      CREATE TRIGGER documents_failures_update AFTER UPDATE OF state, errors ON documents
        WHEN NEW.errors <> OLD.errors OR (NEW.state <> OLD.state AND NEW.state IN ('invalid', 'rejected')) BEGIN
        DELETE FROM document_failures WHERE id = NEW.id;
        INSERT OR IGNORE INTO document_failures (code, id, context_nip, state, at)
        SELECT COALESCE(json_extract(value, '$.code'), 'UNKNOWN'), NEW.id, NEW.context_nip, NEW.state, NEW.updated_at FROM json_each(NEW.errors)
        WHERE NEW.state IN ('invalid', 'rejected', 'delivered') AND NEW.ksef_number IS NULL;
      END;
      CREATE INDEX documents_erp ON documents (erp_id);
      CREATE INDEX documents_number ON documents (invoice_number);
      CREATE INDEX documents_ksef ON documents (ksef_number) WHERE ksef_number IS NOT NULL;
      CREATE INDEX documents_created ON documents (created_at, id);
      CREATE INDEX documents_context_created ON documents (context_nip, created_at, id);
      CREATE INDEX documents_state_created ON documents (state, created_at, id);`,
  },
  {
    // Documents per (context, state), kept by triggers: counting a million rows for every overview took a third of a
    // second; one writer at a time (SQLite) makes the counter rows safe. PostgreSQL counts with its index instead.
    version: 46,
    name: 'console-counts',
    sql: `CREATE TABLE document_counts (context_nip TEXT NOT NULL, state TEXT NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (context_nip, state)) WITHOUT ROWID;
      INSERT INTO document_counts (context_nip, state, n)
        SELECT COALESCE(context_nip, ''), state, COUNT(*) FROM documents GROUP BY 1, 2;
      CREATE TRIGGER documents_count_insert AFTER INSERT ON documents BEGIN
        INSERT OR IGNORE INTO document_counts (context_nip, state, n) VALUES (COALESCE(NEW.context_nip, ''), NEW.state, 0);
        UPDATE document_counts SET n = n + 1 WHERE context_nip = COALESCE(NEW.context_nip, '') AND state = NEW.state;
      END;
      CREATE TRIGGER documents_count_update AFTER UPDATE OF state, context_nip ON documents
        WHEN NEW.state IS NOT OLD.state OR NEW.context_nip IS NOT OLD.context_nip BEGIN
        UPDATE document_counts SET n = n - 1 WHERE context_nip = COALESCE(OLD.context_nip, '') AND state = OLD.state;
        INSERT OR IGNORE INTO document_counts (context_nip, state, n) VALUES (COALESCE(NEW.context_nip, ''), NEW.state, 0);
        UPDATE document_counts SET n = n + 1 WHERE context_nip = COALESCE(NEW.context_nip, '') AND state = NEW.state;
      END;
      CREATE TRIGGER documents_count_delete AFTER DELETE ON documents BEGIN
        UPDATE document_counts SET n = n - 1 WHERE context_nip = COALESCE(OLD.context_nip, '') AND state = OLD.state;
      END;`,
  },
  {
    // Findings that did not block sending (rule policy: validation.warn, the NIP checksum on TEST/DEMO), delivered
    // with the outcome.
    version: 70,
    name: 'document-warnings',
    sql: "ALTER TABLE documents ADD COLUMN warnings TEXT NOT NULL DEFAULT '[]';",
  },
];

export function migrate(db: Database): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  const applied = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  refuseNewerSchema(applied, MIGRATIONS, `SQLite store ${db.name}`);
  const insert = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  let count = 0;
  for (const m of MIGRATIONS) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      insert.run(m.version, m.name, Date.now());
    }).immediate();
    count += 1;
  }
  return count;
}

/** The steps applied to this database, without applying any. */
export function appliedMigrations(db: Database): { version: number; name: string; appliedAt: number }[] {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!exists) return [];
  return db.prepare('SELECT version, name, applied_at AS appliedAt FROM schema_migrations ORDER BY version').all() as
    { version: number; name: string; appliedAt: number }[];
}
