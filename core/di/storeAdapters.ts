import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PgStoreOptions } from '../../adapters/postgres-store/openPgPool.js';
import { safeUrl } from '../../adapters/postgres-store/safeUrl.js';
import { appliedMigrations, MIGRATIONS } from '../../adapters/sqlite-store/migrations.js';
import { refuseNewerSchema } from '../../adapters/sql/refuseNewerSchema.js';
import { SqliteEventOutbox } from '../../adapters/sqlite-store/SqliteEventOutbox.js';
import { SqlitePluginRecords } from '../../adapters/sqlite-store/SqlitePluginRecords.js';
import { SqliteConsoleStore } from '../../adapters/sqlite-store/SqliteConsoleStore.js';
import type { ConsoleStore } from '../console/ports/ConsoleStore.js';
import { SqlitePurchaseStore } from '../../adapters/sqlite-store/SqlitePurchaseStore.js';
import { SqliteRateLimitStore } from '../../adapters/sqlite-store/SqliteRateLimitStore.js';
import { SqliteSubmissionStore } from '../../adapters/sqlite-store/SqliteSubmissionStore.js';
import { SqliteCredentialVault } from '../../adapters/vault/SqliteCredentialVault.js';
import type { GatewayConfig, PostgresStoreConfig } from '../config/GatewayConfig.js';
import type { EventOutbox } from '../events/ports/EventOutbox.js';
import type { RateLimitStore } from '../ksef/rateLimit/RateLimitStore.js';
import { isStoreUnavailable } from '../pipeline/isStoreUnavailable.js';
import type { SubmissionStore } from '../pipeline/ports/SubmissionStore.js';
import type { PluginRecordStore } from '../plugins/ports/PluginRecordStore.js';
import type { PurchaseStore } from '../purchases/ports/PurchaseStore.js';
import type { CredentialVault } from '../vault/CredentialVault.js';
import { loadMasterKey } from '../vault/loadMasterKey.js';
import { loadOnce } from '../lazy/loadOnce.js';
import { DeferredCredentialVault } from './DeferredCredentialVault.js';

/** The data directory's files; with a PostgreSQL store only the key file and the simulator's data live there. */
export interface GatewayFiles {
  readonly dataDir: string;
  readonly store: string;
  readonly vault: string;
  readonly simulator: string;
}

export function filesIn(config: GatewayConfig, dataDir: string): GatewayFiles {
  const dir = resolve(dataDir);
  const file = config.store.kind === 'sqlite' ? config.store.file : undefined;
  return { dataDir: dir, store: resolve(file ?? join(dir, 'gateway.sqlite')), vault: join(dir, 'vault.sqlite'), simulator: join(dir, 'simulator') };
}

/**
 * The outbox, the vault and the rate-limit counters of one store kind. Each is made on first use: commands that
 * never touch credentials need no master key, and the SQLite files are not created by commands that only read.
 */
export interface StoreAdapters {
  /** What a person reads in `doctor` and logs: the file, or the server and schema (never a password). */
  readonly where: string;
  submissions(): SubmissionStore;
  vault(): CredentialVault;
  rateLimits(): ClosableRateLimitStore;
  pluginRecords(): PluginRecordStore;
  /** Received invoices, sync cursors, the inbound outbox (docs/purchases.md). */
  purchases(): PurchaseStore;
  /** Alerts kept until every notifier and adapter took them (docs/notifications.md). */
  events(): EventOutbox;
  /** The operations console's users, sessions, audit log and searches (docs/console.md). */
  console(): ConsoleStore;
}

export type ClosableRateLimitStore = RateLimitStore & { close(): Promise<void> };

export function pgOptions(store: PostgresStoreConfig, max?: number): PgStoreOptions {
  return {
    url: store.url, schema: store.schema, max: max ?? store.poolSize, statementTimeoutMs: store.statementTimeoutMs,
    ssl: { mode: store.ssl.mode, ...(store.ssl.caFile !== undefined ? { ca: readFileSync(store.ssl.caFile, 'utf8') } : {}) },
  };
}

export function describeStore(config: GatewayConfig, files: GatewayFiles): string {
  return config.store.kind === 'postgres'
    ? `PostgreSQL ${safeUrl(config.store.url)} schema ${config.store.schema}`
    : `SQLite ${files.store}`;
}

/** How long `start` waits for an unreachable PostgreSQL before giving up, and how it is told. */
export interface StoreWait {
  readonly ms: number;
  /** Called before each wait with the error that made it; a log line, once per try. */
  readonly onWait?: (err: unknown, waitedMs: number) => void;
}

/**
 * Opens what must be opened asynchronously (PostgreSQL connects and migrates here); SQLite opens lazily. With a
 * `wait`, a database that cannot be reached yet (restarting, or starting after the gateway at boot) is tried again
 * until `wait.ms` passes, so that a supervisor's restart during a database restart does not end the gateway.
 */
export async function openStoreAdapters(config: GatewayConfig, files: GatewayFiles, env: NodeJS.ProcessEnv, wait?: StoreWait): Promise<StoreAdapters> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await openStoreAdaptersOnce(config, files, env);
    } catch (e) {
      const waited = Date.now() - started;
      if (!wait || !isStoreUnavailable(e) || waited >= wait.ms) throw e;
      wait.onWait?.(e, waited);
      await new Promise((r) => setTimeout(r, Math.min(5_000, 250 * 2 ** attempt, Math.max(0, wait.ms - waited))));
    }
  }
}

async function openStoreAdaptersOnce(config: GatewayConfig, files: GatewayFiles, env: NodeJS.ProcessEnv): Promise<StoreAdapters> {
  const where = describeStore(config, files);
  if (config.store.kind === 'sqlite') {
    refuseNewerSqlite(files.store);
    return {
      where,
      submissions: () => new SqliteSubmissionStore(files.store),
      vault: () => new SqliteCredentialVault(files.vault, loadMasterKey(files.dataDir, env)),
      rateLimits: () => new SqliteRateLimitStore(files.store),
      pluginRecords: () => new SqlitePluginRecords(files.store),
      purchases: () => new SqlitePurchaseStore(files.store),
      events: () => new SqliteEventOutbox(files.store),
      console: () => new SqliteConsoleStore(files.store),
    };
  }
  const store = config.store;
  const { PgSubmissionStore, PgRateLimitStore, PgPluginRecords, PgPurchaseStore, PgEventOutbox, PgConsoleStore, PgCredentialVault } = await postgresAdapters();
  const submissions = await PgSubmissionStore.open(pgOptions(store));
  try {
    const rateLimits = await PgRateLimitStore.open(pgOptions(store, 4));
    const pluginRecords = await PgPluginRecords.open(pgOptions(store, 2));
    const purchases = await PgPurchaseStore.open(pgOptions(store, 2));
    const events = await PgEventOutbox.open(pgOptions(store, 2));
    const consoleStore = await PgConsoleStore.open(pgOptions(store, 2));
    return {
      where,
      submissions: () => submissions,
      vault: () => new DeferredCredentialVault(() => PgCredentialVault.open(pgOptions(store, 2), loadMasterKey(files.dataDir, env))),
      rateLimits: () => rateLimits,
      pluginRecords: () => pluginRecords,
      purchases: () => purchases,
      events: () => events,
      console: () => consoleStore,
    };
  } catch (e) {
    await submissions.close();
    throw e;
  }
}

/** The vault alone, for the command-line tools that work on credentials without the whole container. */
export async function openVault(config: GatewayConfig, files: GatewayFiles, env: NodeJS.ProcessEnv): Promise<CredentialVault> {
  if (config.store.kind === 'sqlite') return new SqliteCredentialVault(files.vault, loadMasterKey(files.dataDir, env));
  const { PgCredentialVault } = await postgresAdapters();
  return PgCredentialVault.open(pgOptions(config.store, 2), loadMasterKey(files.dataDir, env));
}

/** The PostgreSQL adapters and node-postgres, loaded only by a gateway configured for PostgreSQL. */
const postgresAdapters = loadOnce(async () => {
  const { PgSubmissionStore } = await import('../../adapters/postgres-store/PgSubmissionStore.js');
  const { PgRateLimitStore } = await import('../../adapters/postgres-store/PgRateLimitStore.js');
  const { PgPluginRecords } = await import('../../adapters/postgres-store/PgPluginRecords.js');
  const { PgPurchaseStore } = await import('../../adapters/postgres-store/PgPurchaseStore.js');
  const { PgEventOutbox } = await import('../../adapters/postgres-store/PgEventOutbox.js');
  const { PgConsoleStore } = await import('../../adapters/postgres-store/PgConsoleStore.js');
  const { PgCredentialVault } = await import('../../adapters/postgres-store/PgCredentialVault.js');
  return { PgSubmissionStore, PgRateLimitStore, PgPluginRecords, PgPurchaseStore, PgEventOutbox, PgConsoleStore, PgCredentialVault };
});

/** At start, as PostgreSQL does: a store a newer gateway migrated stops this one before anything runs. */
function refuseNewerSqlite(file: string): void {
  if (!existsSync(file)) return;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    refuseNewerSchema(appliedMigrations(db).map((m) => m.version), MIGRATIONS, `SQLite store ${file}`);
  } finally {
    db.close();
  }
}
