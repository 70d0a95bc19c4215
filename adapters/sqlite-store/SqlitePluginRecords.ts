import type Database from 'better-sqlite3';
import type { PluginStorage, RecordWriteOptions, StoredRecord } from '../../core/plugin-api/PluginStorage.js';
import type { PluginRecordStore } from '../../core/plugins/ports/PluginRecordStore.js';
import { keepOrSet, toStoredRecord, type PluginRecordRow } from '../sql/pluginRecordRow.js';
import { migrate } from './migrations.js';
import { openSqlite } from './openSqlite.js';
import { WalSync } from './WalSync.js';

const COLUMNS = 'key, value, version, due_at, expires_at, created_at, updated_at';
const LIVE = '(expires_at IS NULL OR expires_at > @now)';

/** Plugins' own records in the store's SQLite file (its own connection; WAL lets it share the file with the outbox). */
export class SqlitePluginRecords implements PluginRecordStore {
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly wal: WalSync;

  constructor(file: string, private readonly now: () => number = Date.now) {
    // Every write resolves only once it is on disk: a plugin's record (an idempotency key's answer, a webhook to send)
    // may precede its answer to the ERP. The fsync runs off the event loop (WalSync) instead of inside each commit
    // (synchronous FULL), where it held up every request of the process for the few ms it takes.
    this.db = openSqlite(file, 'normal');
    migrate(this.db);
    this.wal = new WalSync(`${file}-wal`);
  }

  /** The write's result, once its commit (and every one before it) is on disk. */
  private async durable<T>(result: T): Promise<T> {
    await this.wal.sync();
    return result;
  }

  private sql(text: string): Database.Statement {
    let stmt = this.statements.get(text);
    if (!stmt) {
      stmt = this.db.prepare(text);
      this.statements.set(text, stmt);
    }
    return stmt;
  }

  scoped(instance: string): PluginStorage {
    const at = (collection: string, key?: string) => ({ instance, collection, key, now: this.now() });
    const row = <T>(r: unknown): StoredRecord<T> | undefined => (r ? toStoredRecord<T>(r as PluginRecordRow) : undefined);
    return {
      get: async <T>(collection: string, key: string) => row<T>(this.sql(`SELECT ${COLUMNS} FROM plugin_records
        WHERE instance = @instance AND collection = @collection AND key = @key AND ${LIVE}`).get(at(collection, key))),

      insert: async <T>(collection: string, key: string, value: T, options: RecordWriteOptions = {}) => {
        const info = this.sql(`INSERT INTO plugin_records (instance, collection, key, value, version, due_at, expires_at, created_at, updated_at)
          VALUES (@instance, @collection, @key, @value, 1, @due, @expires, @now, @now)
          ON CONFLICT (instance, collection, key) DO UPDATE SET value = excluded.value, version = plugin_records.version + 1,
            due_at = excluded.due_at, expires_at = excluded.expires_at, created_at = excluded.created_at, updated_at = excluded.updated_at
          WHERE plugin_records.expires_at IS NOT NULL AND plugin_records.expires_at <= @now`)
          .run({ ...at(collection, key), value: JSON.stringify(value), due: options.dueAt ?? null, expires: options.expiresAt ?? null });
        return this.durable(info.changes === 1);
      },

      update: async <T>(collection: string, key: string, value: T, options: RecordWriteOptions & { expectVersion?: number } = {}) => {
        const [keepDue, due] = keepOrSet(options.dueAt);
        const [keepExpiry, expires] = keepOrSet(options.expiresAt);
        return this.durable(row<T>(this.sql(`UPDATE plugin_records SET value = @value, version = version + 1, updated_at = @now,
            due_at = CASE WHEN @keepDue = 1 THEN due_at ELSE @due END,
            expires_at = CASE WHEN @keepExpiry = 1 THEN expires_at ELSE @expires END
          WHERE instance = @instance AND collection = @collection AND key = @key AND ${LIVE}
            AND (@expect IS NULL OR version = @expect)
          RETURNING ${COLUMNS}`).get({ ...at(collection, key), value: JSON.stringify(value), keepDue, due, keepExpiry, expires,
          expect: options.expectVersion ?? null })));
      },

      delete: async (collection: string, key: string) => this.durable(this.sql(`DELETE FROM plugin_records
        WHERE instance = @instance AND collection = @collection AND key = @key`).run(at(collection, key)).changes === 1),

      list: async <T>(collection: string, options: { after?: string; prefix?: string; limit?: number } = {}) => {
        const prefix = options.prefix ?? '';
        const rows = this.sql(`SELECT ${COLUMNS} FROM plugin_records
          WHERE instance = @instance AND collection = @collection AND ${LIVE} AND key > @after
            AND substr(key, 1, @prefixLength) = @prefix
          ORDER BY key LIMIT @limit`).all({ ...at(collection), after: options.after ?? '', prefix, prefixLength: prefix.length,
          limit: options.limit ?? 100 }) as PluginRecordRow[];
        return rows.map((r) => toStoredRecord<T>(r));
      },

      claimDue: async <T>(collection: string, now: number, limit: number, leaseMs: number) => this.durable(this.db.transaction(() => {
        const due = this.sql(`SELECT key FROM plugin_records
          WHERE instance = @instance AND collection = @collection AND due_at <= @now AND ${LIVE}
          ORDER BY due_at, key LIMIT @limit`).all({ instance, collection, now, limit }) as { key: string }[];
        const lease = this.sql(`UPDATE plugin_records SET due_at = @until, version = version + 1, updated_at = @now
          WHERE instance = @instance AND collection = @collection AND key = @key RETURNING ${COLUMNS}`);
        return due.map(({ key }) => toStoredRecord<T>(lease.get({ instance, collection, key, now, until: now + leaseMs }) as PluginRecordRow));
      }).immediate()),

      purgeExpired: async (now: number) => this.durable(this.sql(`DELETE FROM plugin_records
        WHERE instance = @instance AND expires_at IS NOT NULL AND expires_at <= @now`).run({ instance, now }).changes),
    };
  }

  async close(): Promise<void> {
    await this.wal.close();
    if (this.db.open) this.db.close();
  }
}
