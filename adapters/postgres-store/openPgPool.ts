import pg from 'pg';
import { GatewayError } from '../../core/errors/GatewayError.js';
import { migratePg, PG_MIGRATIONS, type PgMigration } from './pgMigrations.js';

export interface PgStoreOptions {
  /** postgres://user@host:port/database; a password in it is never logged nor put into errors. */
  readonly url: string;
  /** Schema holding the gateway's tables (created when missing). Default `ksef_gateway`. */
  readonly schema?: string;
  /** Pool size per instance. Default 10. */
  readonly max?: number;
}

export const DEFAULT_PG_SCHEMA = 'ksef_gateway';
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const INT8_OID = 20;

/**
 * Millisecond timestamps are BIGINT; node-postgres returns those as strings because they may exceed 2^53. Ours never
 * do (year 287,396), so they are parsed as numbers on this pool only, not globally.
 */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** A pool whose every connection works in `schema` (search_path), with the migrations applied. */
export async function openPgPool(options: PgStoreOptions,
  migrations: { readonly steps: readonly PgMigration[]; readonly table: string } = { steps: PG_MIGRATIONS, table: 'schema_migrations' },
): Promise<{ pool: pg.Pool; schema: string }> {
  const schema = options.schema ?? DEFAULT_PG_SCHEMA;
  if (!SCHEMA_NAME.test(schema)) {
    throw new GatewayError('GW_STORE_PG_SCHEMA', 'config',
      `PostgreSQL schema name "${schema}" is not allowed: use lower-case letters, digits and _ (at most 63)`, { location: 'store.schema' });
  }
  const pool = new pg.Pool({ connectionString: options.url, max: options.max ?? 10, options: `-c search_path=${schema}`, types });
  // An idle client that loses its connection must not crash the process; the next query reports the problem.
  pool.on('error', () => undefined);
  try {
    await migratePg(pool, schema, migrations.steps, migrations.table);
  } catch (e) {
    await pool.end().catch(() => undefined);
    const unreachable = typeof (e as { code?: unknown }).code === 'string' && /^(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|28)/.test((e as { code: string }).code);
    throw new GatewayError(unreachable ? 'GW_STORE_PG_UNREACHABLE' : 'GW_STORE_PG_MIGRATION', unreachable ? 'transient' : 'system',
      `PostgreSQL store at ${safeUrl(options.url)} (schema ${schema}) could not be opened: ${(e as Error).message}`,
      { cause: e, location: 'store.url' });
  }
  return { pool, schema };
}

/** The URL without user and password, for messages. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(unparsable URL)';
  }
}
