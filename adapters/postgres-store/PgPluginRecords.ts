import type pg from 'pg';
import type { PluginStorage, RecordWriteOptions, StoredRecord } from '../../core/plugin-api/PluginStorage.js';
import type { PluginRecordStore } from '../../core/plugins/ports/PluginRecordStore.js';
import { keepOrSet, toStoredRecord, type PluginRecordRow } from '../sql/pluginRecordRow.js';
import { openPgPool, type PgStoreOptions } from './openPgPool.js';

const COLUMNS = 'key, value, version, due_at, expires_at, created_at, updated_at';

/**
 * Plugins' own records in PostgreSQL, shared by every gateway instance on the database. `claimDue` takes rows with
 * `FOR UPDATE SKIP LOCKED`, so two instances never lease the same record.
 */
export class PgPluginRecords implements PluginRecordStore {
  private closed = false;

  private constructor(private readonly pool: pg.Pool, private readonly now: () => number) {}

  static async open(options: PgStoreOptions, now: () => number = Date.now): Promise<PgPluginRecords> {
    return new PgPluginRecords((await openPgPool({ ...options, max: options.max ?? 4 })).pool, now);
  }

  scoped(instance: string): PluginStorage {
    const one = async <T>(text: string, values: unknown[]): Promise<StoredRecord<T> | undefined> => {
      const r = (await this.pool.query<PluginRecordRow>(text, values)).rows[0];
      return r ? toStoredRecord<T>(r) : undefined;
    };
    return {
      get: <T>(collection: string, key: string) => one<T>(`SELECT ${COLUMNS} FROM plugin_records
        WHERE instance = $1 AND collection = $2 AND key = $3 AND (expires_at IS NULL OR expires_at > $4)`,
      [instance, collection, key, this.now()]),

      insert: async <T>(collection: string, key: string, value: T, options: RecordWriteOptions = {}) => {
        const r = await this.pool.query(`INSERT INTO plugin_records (instance, collection, key, value, version, due_at, expires_at, created_at, updated_at)
          VALUES ($1, $2, $3, $4, 1, $5, $6, $7, $7)
          ON CONFLICT (instance, collection, key) DO UPDATE SET value = EXCLUDED.value, version = plugin_records.version + 1,
            due_at = EXCLUDED.due_at, expires_at = EXCLUDED.expires_at, created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at
          WHERE plugin_records.expires_at IS NOT NULL AND plugin_records.expires_at <= $7`,
        [instance, collection, key, JSON.stringify(value), options.dueAt ?? null, options.expiresAt ?? null, this.now()]);
        return r.rowCount === 1;
      },

      update: <T>(collection: string, key: string, value: T, options: RecordWriteOptions & { expectVersion?: number } = {}) => {
        const [keepDue, due] = keepOrSet(options.dueAt);
        const [keepExpiry, expires] = keepOrSet(options.expiresAt);
        return one<T>(`UPDATE plugin_records SET value = $4, version = version + 1, updated_at = $5,
            due_at = CASE WHEN $6::int = 1 THEN due_at ELSE $7::bigint END,
            expires_at = CASE WHEN $8::int = 1 THEN expires_at ELSE $9::bigint END
          WHERE instance = $1 AND collection = $2 AND key = $3 AND (expires_at IS NULL OR expires_at > $5)
            AND ($10::int IS NULL OR version = $10::int)
          RETURNING ${COLUMNS}`, [instance, collection, key, JSON.stringify(value), this.now(), keepDue, due, keepExpiry, expires,
          options.expectVersion ?? null]);
      },

      delete: async (collection: string, key: string) => (await this.pool.query(
        'DELETE FROM plugin_records WHERE instance = $1 AND collection = $2 AND key = $3', [instance, collection, key])).rowCount === 1,

      list: async <T>(collection: string, options: { after?: string; prefix?: string; limit?: number } = {}) => {
        const prefix = options.prefix ?? '';
        const { rows } = await this.pool.query<PluginRecordRow>(`SELECT ${COLUMNS} FROM plugin_records
          WHERE instance = $1 AND collection = $2 AND (expires_at IS NULL OR expires_at > $3) AND key > $4
            AND substr(key, 1, $5) = $6
          ORDER BY key LIMIT $7`, [instance, collection, this.now(), options.after ?? '', prefix.length, prefix, options.limit ?? 100]);
        return rows.map((r) => toStoredRecord<T>(r));
      },

      claimDue: async <T>(collection: string, now: number, limit: number, leaseMs: number) => {
        const { rows } = await this.pool.query<PluginRecordRow & { old_due: number }>(`WITH due AS (
            SELECT key, due_at FROM plugin_records
            WHERE instance = $1 AND collection = $2 AND due_at <= $3 AND (expires_at IS NULL OR expires_at > $3)
            ORDER BY due_at, key LIMIT $4 FOR UPDATE SKIP LOCKED)
          UPDATE plugin_records p SET due_at = $5, version = p.version + 1, updated_at = $3
          FROM due WHERE p.instance = $1 AND p.collection = $2 AND p.key = due.key
          RETURNING p.key, p.value, p.version, p.due_at, p.expires_at, p.created_at, p.updated_at, due.due_at AS old_due`,
        [instance, collection, now, limit, now + leaseMs]);
        return rows.sort((a, b) => a.old_due - b.old_due || (a.key < b.key ? -1 : 1)).map((r) => toStoredRecord<T>(r));
      },

      purgeExpired: async (now: number) => (await this.pool.query(
        'DELETE FROM plugin_records WHERE instance = $1 AND expires_at IS NOT NULL AND expires_at <= $2', [instance, now])).rowCount ?? 0,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
