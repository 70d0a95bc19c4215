import type { Command } from 'commander';
import { loadConfig } from '../../config/loadConfig.js';
import { dataDir as defaultDataDir } from '../../config/paths.js';
import { migrateStore, storeSchemaStatus, type StoreSchemaStatus } from '../../di/storeSchema.js';
import { GatewayError } from '../../errors/GatewayError.js';
import { ExitCode, reportFatal } from '../exitCodes.js';

interface DbOptions { config?: string; json?: boolean }

/** Registers the `db` command group: migrate, status. */
export function register(program: Command): void {
  const db = program.command('db').description('the store\'s schema: its version, and migrating it before a rollout');

  db.command('migrate')
    .description('apply the schema steps this version knows and the store lacks (start does it too, under the same lock)')
    .option('-c, --config <file>', 'configuration file (default KSEF_GATEWAY_CONFIG or ./ksef-gateway.yaml)')
    .option('--json', 'print the result as JSON')
    .action(async (o: DbOptions) => run(o, migrateStore));

  db.command('status')
    .description('show the schema steps applied, pending and unknown (a newer gateway migrated it); changes nothing')
    .option('-c, --config <file>', 'configuration file (default KSEF_GATEWAY_CONFIG or ./ksef-gateway.yaml)')
    .option('--json', 'print the result as JSON')
    .action(async (o: DbOptions) => run(o, storeSchemaStatus));
}

async function run(o: DbOptions, fn: typeof storeSchemaStatus): Promise<void> {
  try {
    const { config } = loadConfig({ file: o.config });
    const status = await fn(config, config.dataDir ?? defaultDataDir());
    process.stdout.write(o.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status));
    if (status.parts.some((p) => p.unknown.length > 0)) process.exitCode = ExitCode.config;
  } catch (e) {
    reportFatal(GatewayError.is(e) ? e : new GatewayError('GW_STORE_UNAVAILABLE', 'transient', (e as Error).message, { cause: e }));
  }
}

export function formatStatus(s: StoreSchemaStatus): string {
  const lines = [`store: ${s.where}`];
  for (const p of s.parts) {
    const latest = p.applied.length > 0 ? Math.max(...p.applied) : 0;
    const state = p.unknown.length > 0 ? `NEWER than this gateway (unknown steps ${p.unknown.join(', ')}): upgrade this gateway`
      : p.pending.length > 0 ? `${p.pending.length} step(s) pending: ${p.pending.map((m) => `${m.version} ${m.name}`).join(', ')}`
        : 'up to date';
    lines.push(`${p.part}: ${p.applied.length} step(s) applied (latest ${latest}); ${state}`);
  }
  return `${lines.join('\n')}\n`;
}
