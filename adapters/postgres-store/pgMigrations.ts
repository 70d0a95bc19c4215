import type { Pool } from 'pg';
import { refuseNewerSchema } from '../sql/refuseNewerSchema.js';

export interface PgMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * Steps 1-3 mirror SQLite's, steps 4-5 SQLite's steps 5-6. SQLite's step 4 (the XML in a table of its own, because SQLite rewrites a whole row on
 * UPDATE) has no twin: PostgreSQL moves large values (over about 2 KB after compression) out of line (TOAST), where
 * an UPDATE of other columns leaves them in place.
 * Never edit a released step: add one.
 * Text columns that the store sorts on use the "C" collation, so that ordering is bytewise as in SQLite.
 */
export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    name: 'outbox',
    sql: `
      CREATE TABLE documents (
        id TEXT COLLATE "C" PRIMARY KEY,
        source TEXT NOT NULL,
        erp_id TEXT NOT NULL,
        state TEXT COLLATE "C" NOT NULL,
        urgent BOOLEAN NOT NULL DEFAULT FALSE,
        context_nip TEXT COLLATE "C",
        seller_nip TEXT,
        invoice_kind TEXT,
        invoice_number TEXT,
        issue_date TEXT,
        has_attachment BOOLEAN NOT NULL DEFAULT FALSE,
        xml BYTEA,
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
        lease_until BIGINT NOT NULL DEFAULT 0,
        delivery_attempts INTEGER NOT NULL DEFAULT 0,
        next_delivery_at BIGINT NOT NULL DEFAULT 0,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        UNIQUE (source, erp_id)
      );
      CREATE INDEX documents_queue ON documents (state, context_nip, created_at);
      CREATE INDEX documents_key ON documents (seller_nip, invoice_kind, invoice_number);
      CREATE INDEX documents_session ON documents (session_ref);
      CREATE INDEX documents_hash ON documents (invoice_hash);
      CREATE INDEX documents_delivery ON documents (next_delivery_at) WHERE state IN ('accepted', 'rejected');
      CREATE TABLE sessions (
        ref TEXT PRIMARY KEY,
        context_nip TEXT NOT NULL,
        kind TEXT NOT NULL,
        state TEXT NOT NULL,
        valid_until BIGINT NOT NULL,
        invoice_count INTEGER NOT NULL DEFAULT 0,
        status_code INTEGER,
        upo_path TEXT,
        next_poll_at BIGINT NOT NULL DEFAULT 0,
        poll_attempts INTEGER NOT NULL DEFAULT 0,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      );
      CREATE INDEX sessions_state ON sessions (state, context_nip);
      CREATE TABLE contexts (
        context_nip TEXT PRIMARY KEY,
        paused_reason TEXT,
        updated_at BIGINT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'rate-limits',
    sql: `
      CREATE TABLE rate_hits (key TEXT NOT NULL, at BIGINT NOT NULL);
      CREATE INDEX rate_hits_key_at ON rate_hits (key, at);
      CREATE TABLE rate_blocks (key TEXT PRIMARY KEY, until BIGINT NOT NULL);
    `,
  },
  {
    version: 3,
    name: 'session-owner',
    sql: `ALTER TABLE sessions ADD COLUMN owner TEXT NOT NULL DEFAULT '';
      CREATE INDEX sessions_owner ON sessions (owner, state);`,
  },
  {
    // SQLite's step 5. UPOs were files under <dataDir>/upo/ (upo_path), which each instance kept on its own disk.
    version: 4,
    name: 'upo-in-store',
    sql: `CREATE TABLE document_upo (id TEXT COLLATE "C" PRIMARY KEY, upo BYTEA NOT NULL);
      CREATE TABLE session_upo (ref TEXT NOT NULL, page INTEGER NOT NULL, upo BYTEA NOT NULL, PRIMARY KEY (ref, page));
      ALTER TABLE sessions ADD COLUMN upo_pages INTEGER NOT NULL DEFAULT 0;`,
  },
  {
    // SQLite's step 6: no query looks documents up by hash.
    version: 5,
    name: 'no-hash-index',
    sql: 'DROP INDEX documents_hash;',
  },
  {
    // SQLite's step 7: the events outbox. Appends take an advisory lock (PgEventOutbox), so seq follows commit order
    // and a consumer's cursor never passes an event committed late.
    version: 7,
    name: 'events-outbox',
    sql: `CREATE TABLE events (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, type TEXT NOT NULL, dedupe_key TEXT UNIQUE, body TEXT NOT NULL,
        created_at BIGINT NOT NULL);
      CREATE INDEX events_created ON events (created_at);
      CREATE TABLE event_consumers (
        consumer TEXT COLLATE "C" PRIMARY KEY, acked_seq BIGINT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, due_at BIGINT NOT NULL,
        last_error TEXT, lease_owner TEXT, lease_until BIGINT, seen_at BIGINT NOT NULL);`,
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
        area TEXT PRIMARY KEY, message TEXT NOT NULL, count INTEGER NOT NULL, first_at BIGINT NOT NULL, last_at BIGINT NOT NULL);`,
  },
  {
    // SQLite's step 15: why the last hand-over of an outcome to its plugin failed (`status`, /healthz).
    version: 15,
    name: 'delivery-error',
    sql: 'ALTER TABLE documents ADD COLUMN delivery_error TEXT;',
  },
  {
    // SQLite's step 20: the inbound direction (received invoices, cursors, delivery outbox, export log, sync lease).
    version: 20,
    name: 'purchases',
    sql: `CREATE TABLE purchase_invoices (
        context_nip TEXT COLLATE "C" NOT NULL, ksef_number TEXT COLLATE "C" NOT NULL, subject_type TEXT NOT NULL,
        invoice_number TEXT NOT NULL, seller_nip TEXT NOT NULL, issue_date TEXT NOT NULL, acquisition_date TEXT NOT NULL,
        permanent_storage_date TEXT NOT NULL, invoice_hash TEXT NOT NULL, metadata TEXT NOT NULL, xml BYTEA NOT NULL,
        received_at BIGINT NOT NULL, seq BIGSERIAL NOT NULL,
        PRIMARY KEY (context_nip, ksef_number));
      CREATE INDEX purchase_invoices_number ON purchase_invoices (ksef_number);
      CREATE INDEX purchase_invoices_listing ON purchase_invoices (context_nip, seq);
      CREATE INDEX purchase_invoices_seq ON purchase_invoices (seq);
      CREATE TABLE purchase_cursors (
        context_nip TEXT COLLATE "C" NOT NULL, subject_type TEXT COLLATE "C" NOT NULL, continue_from TEXT, hwm TEXT,
        last_sync_at BIGINT, last_error TEXT, received INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (context_nip, subject_type));
      CREATE TABLE purchase_deliveries (
        consumer TEXT COLLATE "C" NOT NULL, context_nip TEXT COLLATE "C" NOT NULL, ksef_number TEXT COLLATE "C" NOT NULL,
        done BOOLEAN NOT NULL DEFAULT FALSE, attempts INTEGER NOT NULL DEFAULT 0, due_at BIGINT NOT NULL, last_error TEXT,
        seq BIGSERIAL NOT NULL, PRIMARY KEY (consumer, context_nip, ksef_number));
      CREATE INDEX purchase_deliveries_due ON purchase_deliveries (consumer, done, due_at, seq);
      CREATE TABLE purchase_exports (
        context_nip TEXT NOT NULL, subject_type TEXT NOT NULL, reference_number TEXT PRIMARY KEY, started_at BIGINT NOT NULL);
      CREATE INDEX purchase_exports_time ON purchase_exports (context_nip, started_at);
      CREATE TABLE purchase_leases (context_nip TEXT PRIMARY KEY, owner TEXT NOT NULL, lease_until BIGINT NOT NULL);`,
  },
  {
    // SQLite's step 30: plugins' own records (API keys, idempotency keys, webhook outboxes), scoped by instance.
    version: 30,
    name: 'plugin-records',
    sql: `CREATE TABLE plugin_records (
        instance TEXT COLLATE "C" NOT NULL, collection TEXT COLLATE "C" NOT NULL, key TEXT COLLATE "C" NOT NULL,
        value TEXT NOT NULL, version INTEGER NOT NULL, due_at BIGINT, expires_at BIGINT,
        created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
        PRIMARY KEY (instance, collection, key));
      CREATE INDEX plugin_records_due ON plugin_records (instance, collection, due_at) WHERE due_at IS NOT NULL;
      CREATE INDEX plugin_records_expiry ON plugin_records (instance, expires_at) WHERE expires_at IS NOT NULL;
      CREATE INDEX documents_listing ON documents (source, created_at, id);`,
  },
  {
    // SQLite's step 45 (the operations console): users, sessions, audit log; document history and failures per error
    // code, kept by triggers; indexes for the console's searches.
    version: 45,
    name: 'console',
    sql: `CREATE TABLE console_users (
        username TEXT COLLATE "C" PRIMARY KEY, password_hash TEXT NOT NULL, role TEXT NOT NULL, failed_attempts INTEGER NOT NULL DEFAULT 0,
        locked_until BIGINT NOT NULL DEFAULT 0, last_login_at BIGINT, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);
      CREATE TABLE console_sessions (
        id_hash TEXT COLLATE "C" PRIMARY KEY, username TEXT NOT NULL, csrf TEXT NOT NULL, expires_at BIGINT NOT NULL, created_at BIGINT NOT NULL);
      CREATE INDEX console_sessions_user ON console_sessions (username);
      CREATE TABLE console_audit (
        seq BIGSERIAL PRIMARY KEY, at BIGINT NOT NULL, username TEXT NOT NULL, action TEXT NOT NULL,
        target TEXT, outcome TEXT NOT NULL, detail TEXT, remote TEXT);
      CREATE TABLE document_history (
        seq BIGSERIAL PRIMARY KEY, id TEXT COLLATE "C" NOT NULL, context_nip TEXT COLLATE "C", from_state TEXT, to_state TEXT COLLATE "C" NOT NULL,
        instance TEXT, at BIGINT NOT NULL);
      CREATE INDEX document_history_doc ON document_history (id, seq);
      CREATE INDEX document_history_last ON document_history (context_nip, to_state, at);
      INSERT INTO document_history (id, context_nip, from_state, to_state, instance, at)
        SELECT id, context_nip, NULL, state, lease_owner, updated_at FROM documents;
      CREATE TABLE document_failures (
        code TEXT COLLATE "C" NOT NULL, id TEXT COLLATE "C" NOT NULL, context_nip TEXT, state TEXT NOT NULL, at BIGINT NOT NULL,
        PRIMARY KEY (code, id));
      CREATE INDEX document_failures_doc ON document_failures (id);
      CREATE INDEX document_failures_code ON document_failures (code, at, id);
      INSERT INTO document_failures (code, id, context_nip, state, at)
        SELECT DISTINCT COALESCE(e.value->>'code', 'UNKNOWN'), d.id, d.context_nip, d.state, d.updated_at
        FROM documents d, jsonb_array_elements(d.errors::jsonb) e
        WHERE d.state IN ('invalid', 'rejected', 'delivered') AND d.ksef_number IS NULL AND d.errors <> '[]'
        ON CONFLICT DO NOTHING;
      CREATE FUNCTION document_console_trail() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' OR NEW.state <> OLD.state THEN
          INSERT INTO document_history (id, context_nip, from_state, to_state, instance, at)
          VALUES (NEW.id, NEW.context_nip, CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.state END, NEW.state,
            CASE WHEN TG_OP = 'INSERT' THEN NEW.lease_owner
              ELSE COALESCE(NEW.lease_owner, OLD.lease_owner, (SELECT owner FROM sessions WHERE ref = NEW.session_ref)) END,
            NEW.updated_at);
        END IF;
        IF TG_OP = 'INSERT' OR NEW.errors <> OLD.errors OR (NEW.state <> OLD.state AND NEW.state IN ('invalid', 'rejected')) THEN
          IF TG_OP = 'UPDATE' THEN DELETE FROM document_failures WHERE id = NEW.id; END IF;
          IF NEW.state IN ('invalid', 'rejected', 'delivered') AND NEW.ksef_number IS NULL AND NEW.errors <> '[]' THEN
            INSERT INTO document_failures (code, id, context_nip, state, at)
            SELECT DISTINCT COALESCE(e.value->>'code', 'UNKNOWN'), NEW.id, NEW.context_nip, NEW.state, NEW.updated_at
            FROM jsonb_array_elements(NEW.errors::jsonb) e
            ON CONFLICT DO NOTHING;
          END IF;
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER documents_console_trail AFTER INSERT OR UPDATE OF state, errors ON documents
        FOR EACH ROW EXECUTE FUNCTION document_console_trail();
      CREATE INDEX documents_erp ON documents (erp_id);
      CREATE INDEX documents_number ON documents (invoice_number);
      CREATE INDEX documents_ksef ON documents (ksef_number) WHERE ksef_number IS NOT NULL;
      CREATE INDEX documents_created ON documents (created_at, id);
      CREATE INDEX documents_context_created ON documents (context_nip, created_at, id);
      CREATE INDEX documents_state_created ON documents (state, created_at, id);`,
  },
  {
    // SQLite's step 46 keeps per-(context, state) counters by trigger. Here the overview counts with the
    // documents_queue index instead: counter rows updated by every transition would serialise the instances' commits
    // on them (and could deadlock transitions that touch two states in opposite orders). This step refreshes the
    // planner's statistics for migration 45's indexes.
    version: 46,
    name: 'console-counts',
    sql: 'ANALYZE documents;',
  },
  {
    // SQLite's step 70: findings that did not block sending, delivered with the outcome.
    version: 70,
    name: 'document-warnings',
    sql: "ALTER TABLE documents ADD COLUMN warnings TEXT NOT NULL DEFAULT '[]';",
  },
];

/** Arbitrary first key of the two-key advisory lock; the second is the schema's hash. */
const MIGRATION_LOCK = 0x6b736566;

/**
 * Applies the missing steps in one transaction under a transaction-scoped advisory lock, so that two instances starting
 * at once neither race nor apply a step twice (the second waits, then finds everything applied). Returns how many
 * steps it applied. The vault keeps its own steps in its own table, so its numbering never meets the outbox's.
 */
export async function migratePg(pool: Pool, schema: string, steps: readonly PgMigration[] = PG_MIGRATIONS,
  table = 'schema_migrations'): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [MIGRATION_LOCK, schema]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    await client.query(`SET LOCAL search_path TO ${quoteIdent(schema)}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${quoteIdent(table)}
      (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`);
    const { rows } = await client.query<{ version: number }>(`SELECT version FROM ${quoteIdent(table)}`);
    const applied = new Set(rows.map((r) => r.version));
    refuseNewerSchema(applied, steps, `PostgreSQL schema ${schema} (${table})`);
    let count = 0;
    for (const m of steps) {
      if (applied.has(m.version)) continue;
      await client.query(m.sql);
      await client.query(`INSERT INTO ${quoteIdent(table)} (version, name, applied_at) VALUES ($1, $2, $3)`,
        [m.version, m.name, Date.now()]);
      count += 1;
    }
    await client.query('COMMIT');
    return count;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The steps applied in `schema` (empty when the gateway never ran there), without applying any or taking a lock. */
export async function appliedPgMigrations(pool: Pool, schema: string, table = 'schema_migrations'):
Promise<{ version: number; name: string; appliedAt: number }[]> {
  const exists = await pool.query('SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2', [schema, table]);
  if (exists.rowCount === 0) return [];
  const { rows } = await pool.query<{ version: number; name: string; applied_at: string | number }>(
    `SELECT version, name, applied_at FROM ${quoteIdent(schema)}.${quoteIdent(table)} ORDER BY version`);
  return rows.map((r) => ({ version: r.version, name: r.name, appliedAt: Number(r.applied_at) }));
}
