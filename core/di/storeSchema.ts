import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { VAULT_MIGRATIONS } from '../../adapters/postgres-store/PgCredentialVault.js';
import { openPgPool, tlsOptions } from '../../adapters/postgres-store/openPgPool.js';
import { appliedPgMigrations, PG_MIGRATIONS, type PgMigration } from '../../adapters/postgres-store/pgMigrations.js';
import { appliedMigrations, migrate, MIGRATIONS } from '../../adapters/sqlite-store/migrations.js';
import { openSqlite } from '../../adapters/sqlite-store/openSqlite.js';
import type { GatewayConfig } from '../config/GatewayConfig.js';
import { describeStore, filesIn, pgOptions } from './storeAdapters.js';

/** One versioned part of the store (the outbox's tables, the PostgreSQL vault's) as this gateway sees it. */
export interface SchemaPartStatus {
  readonly part: 'outbox' | 'vault';
  readonly applied: readonly number[];
  /** Steps this version knows and the database lacks: `db migrate` (or the next start) applies them. */
  readonly pending: readonly { readonly version: number; readonly name: string }[];
  /** Steps the database has and this version does not know: a newer gateway migrated it; this one refuses to start. */
  readonly unknown: readonly number[];
}

export interface StoreSchemaStatus {
  readonly where: string;
  readonly parts: readonly SchemaPartStatus[];
}

function compare(part: SchemaPartStatus['part'], applied: readonly number[], known: readonly { version: number; name: string }[]): SchemaPartStatus {
  const have = new Set(applied);
  const knownVersions = new Set(known.map((m) => m.version));
  return {
    part, applied,
    pending: known.filter((m) => !have.has(m.version)).map(({ version, name }) => ({ version, name })),
    unknown: applied.filter((v) => !knownVersions.has(v)),
  };
}

/** Reads the schema versions without changing anything (no migration, no lock, no file created). */
export async function storeSchemaStatus(config: GatewayConfig, dataDir: string): Promise<StoreSchemaStatus> {
  const files = filesIn(config, dataDir);
  const where = describeStore(config, files);
  if (config.store.kind === 'sqlite') {
    if (!existsSync(files.store)) return { where, parts: [compare('outbox', [], MIGRATIONS)] };
    const db = new Database(files.store, { readonly: true, fileMustExist: true });
    try {
      return { where, parts: [compare('outbox', appliedMigrations(db).map((m) => m.version), MIGRATIONS)] };
    } finally {
      db.close();
    }
  }
  const options = pgOptions(config.store, 1);
  const pool = new pg.Pool({ connectionString: options.url, max: 1,
    ...(options.ssl && options.ssl.mode !== 'disable' ? { ssl: tlsOptions(options.ssl) } : {}) });
  pool.on('error', () => undefined);
  try {
    const versions = async (table: string, steps: readonly PgMigration[], part: SchemaPartStatus['part']) =>
      compare(part, (await appliedPgMigrations(pool, config.store.kind === 'postgres' ? config.store.schema : '', table)).map((m) => m.version), steps);
    return { where, parts: [await versions('schema_migrations', PG_MIGRATIONS, 'outbox'), await versions('vault_migrations', VAULT_MIGRATIONS, 'vault')] };
  } finally {
    await pool.end();
  }
}

/**
 * Applies the missing steps now (PostgreSQL: under the advisory lock that instances starting at once also take), so
 * operators can migrate before a rollout. Returns the status afterwards.
 */
export async function migrateStore(config: GatewayConfig, dataDir: string): Promise<StoreSchemaStatus> {
  const files = filesIn(config, dataDir);
  if (config.store.kind === 'sqlite') {
    const db = openSqlite(files.store);
    try {
      migrate(db);
    } finally {
      db.close();
    }
  } else {
    for (const migrations of [{ steps: PG_MIGRATIONS, table: 'schema_migrations' }, { steps: VAULT_MIGRATIONS, table: 'vault_migrations' }]) {
      const { pool } = await openPgPool(pgOptions(config.store, 1), migrations);
      await pool.end();
    }
  }
  return storeSchemaStatus(config, dataDir);
}
