import pg from 'pg';
import { GatewayError } from '../../core/errors/GatewayError.js';
import { isStoreUnavailable } from '../../core/pipeline/isStoreUnavailable.js';
import { migratePg, PG_MIGRATIONS, type PgMigration } from './pgMigrations.js';
import { safeUrl } from './safeUrl.js';

export interface PgStoreOptions {
  /** postgres://user@host:port/database; a password in it is never logged nor put into errors. */
  readonly url: string;
  /** Schema holding the gateway's tables (created when missing). Default `ksef_gateway`. */
  readonly schema?: string;
  /** Pool size per instance. Default 10. */
  readonly max?: number;
  /** Server-side limit per statement (`statement_timeout`); 0 or absent: none. */
  readonly statementTimeoutMs?: number;
  /** TLS to the server; `verify-*` check the certificate against `ca` (PEM), `verify-full` the host name too. */
  readonly ssl?: { readonly mode: 'disable' | 'require' | 'verify-ca' | 'verify-full'; readonly ca?: string };
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
  const timeout = options.statementTimeoutMs ? ` -c statement_timeout=${Math.trunc(options.statementTimeoutMs)}` : '';
  // synchronous_commit on, whatever the server's default: a commit that precedes a receipt to the ERP or a send to
  // KSeF must be on disk when it returns, or a crash of the database host could take it back (docs/pipeline.md).
  const pool = new pg.Pool({ connectionString: options.url, max: options.max ?? 10, options: `-c search_path=${schema} -c synchronous_commit=on${timeout}`, types,
    ...(options.ssl && options.ssl.mode !== 'disable' ? { ssl: tlsOptions(options.ssl) } : {}) });
  // An idle client that loses its connection must not crash the process; the next query reports the problem.
  pool.on('error', () => undefined);
  // A connection lost while checked out (PostgreSQL restarting) emits 'error' on its client too; with no listener
  // that would end the process. The query in flight rejects and tells the caller, which is enough.
  pool.on('connect', (client) => { client.on('error', () => undefined); });
  try {
    await migratePg(pool, schema, migrations.steps, migrations.table);
  } catch (e) {
    await pool.end().catch(() => undefined);
    if (GatewayError.is(e)) throw e;
    // A server starting or shutting down (57P03) is as unreachable as a closed port: worth waiting for, not a fault.
    const code = (e as { code?: unknown }).code;
    const unreachable = isStoreUnavailable(e) || (typeof code === 'string' && code.startsWith('28'));
    throw new GatewayError(unreachable ? 'GW_STORE_PG_UNREACHABLE' : 'GW_STORE_PG_MIGRATION', unreachable ? 'transient' : 'system',
      `PostgreSQL store at ${safeUrl(options.url)} (schema ${schema}) could not be opened: ${(e as Error).message}`,
      { cause: e, location: 'store.url' });
  }
  return { pool, schema };
}

/** node-postgres TLS settings for a libpq-style mode (`require` encrypts without checking who answers, as libpq does). */
export function tlsOptions(ssl: NonNullable<PgStoreOptions['ssl']>): pg.ConnectionConfig['ssl'] {
  if (ssl.mode === 'require') return { rejectUnauthorized: false };
  return {
    rejectUnauthorized: true,
    ...(ssl.ca !== undefined ? { ca: ssl.ca } : {}),
    ...(ssl.mode === 'verify-ca' ? { checkServerIdentity: () => undefined } : {}),
  };
}

