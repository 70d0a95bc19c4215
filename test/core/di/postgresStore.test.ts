import { existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { formatStatus } from '../../../core/cli/commands/db.js';
import { loadConfig } from '../../../core/config/loadConfig.js';
import { DEMO_NIP, GatewayApp } from '../../../core/di/GatewayApp.js';
import { migrateStore, storeSchemaStatus } from '../../../core/di/storeSchema.js';
import { GatewayError } from '../../../core/errors/GatewayError.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { invoiceXml } from '../../support/pipeline/invoiceXml.js';
import { dropSchema, pgTestUrl, queryAs, testSchemaName } from '../../adapters/postgres-store/pgTestSchema.js';

const quiet = () => new Writable({ write(_c, _e, cb) { cb(); } });

async function until(check: () => boolean | Promise<boolean>, what: string, limitMs = 60_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function pgConfig(dir: string, schema: string, extra = ''): string {
  const file = join(dir, 'ksef-gateway.yaml');
  writeFileSync(file, [
    'store:', '  kind: postgres', '  url: ${KSEF_GATEWAY_PG_URL}', `  schema: ${schema}`, '  poolSize: 4',
    'ksef:', '  simulator:', '    enabled: true', '    rateLimits: production',
    'scheduler:', '  batchMaxWaitMs: 500',
    'admin:', '  port: 0',
    'plugins:', '  - use: folder-inbox', '    id: inbox', '    pollIntervalMs: 200',
    extra,
  ].join('\n'));
  return file;
}

describe('PostgreSQL as the configured store', () => {
  let schema: string;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    schema = testSchemaName();
    dir = mkdtempSync(join(tmpdir(), 'gw-pg-'));
    env = { KSEF_GATEWAY_DATA_DIR: dir, KSEF_SCHEMAS_DIR: SCHEMAS_DIR, KSEF_GATEWAY_PG_URL: pgTestUrl(), KSEF_GATEWAY_MASTER_KEY: '' };
  });
  afterEach(async () => { await dropSchema(schema); });

  it('keeps documents, UPOs, credentials and rate-limit counters in the schema, and no SQLite file in the data directory', async () => {
    const app = await GatewayApp.create({ loaded: loadConfig({ file: pgConfig(dir, schema), env }), env, logDestination: quiet() });
    try {
      await app.start();
      const inbox = join(dir, 'plugins', 'inbox', 'inbox');
      mkdirSync(inbox, { recursive: true });
      writeFileSync(join(inbox, 'PG-1.xml'), invoiceXml({ sellerNip: DEMO_NIP, number: `FV/PG/${Date.now()}` }));
      const outcome = join(dir, 'plugins', 'inbox', 'outcomes', 'PG-1.json');
      await until(() => existsSync(outcome), 'the outcome file');
      const body = JSON.parse(readFileSync(outcome, 'utf8'));
      expect(body).toMatchObject({ kind: 'accepted', erpId: 'PG-1' });

      const docs = await queryAs<{ ksef_number: string; state: string }>(schema, "SELECT ksef_number, state FROM documents WHERE erp_id = 'PG-1'");
      expect(docs).toEqual([{ ksef_number: body.ksefNumber, state: expect.stringMatching(/^(accepted|delivered)$/) }]);
      const upos = await queryAs<{ n: string }>(schema, 'SELECT count(*)::text AS n FROM document_upo');
      expect(Number(upos[0].n)).toBe(1);
      const creds = await queryAs<{ context_nip: string; kind: string }>(schema, 'SELECT context_nip, kind FROM credentials');
      expect(creds).toEqual([{ context_nip: DEMO_NIP, kind: 'token' }]);
      const hits = await queryAs<{ n: string }>(schema, 'SELECT count(*)::text AS n FROM rate_hits');
      expect(Number(hits[0].n)).toBeGreaterThan(0);
    } finally {
      await app.stop();
    }
    expect(existsSync(join(dir, 'gateway.sqlite'))).toBe(false);
    expect(existsSync(join(dir, 'vault.sqlite'))).toBe(false);
  });

  it('reports pending steps without applying them, applies them on db migrate, and shows the schema up to date', async () => {
    const { config } = loadConfig({ file: pgConfig(dir, schema), env });
    const before = await storeSchemaStatus(config, dir);
    expect(before.where).toBe(`PostgreSQL ${new URL(pgTestUrl()).protocol}//${new URL(pgTestUrl()).host}${new URL(pgTestUrl()).pathname} schema ${schema}`);
    expect(before.parts.map((p) => [p.part, p.applied.length])).toEqual([['outbox', 0], ['vault', 0]]);
    expect(before.parts[0].pending.length).toBeGreaterThan(0);
    expect(await queryAs(schema, "SELECT 1 FROM information_schema.tables WHERE table_schema = $1", [schema])).toEqual([]);

    const after = await migrateStore(config, dir);
    expect(after.parts.every((p) => p.pending.length === 0 && p.unknown.length === 0 && p.applied.length > 0)).toBe(true);
    expect(formatStatus(after)).toMatch(/outbox: \d+ step\(s\) applied \(latest \d+\); up to date\nvault: 2 step\(s\) applied \(latest 90\); up to date/);
    expect(await migrateStore(config, dir)).toEqual(after);
  });

  it('refuses to start on a schema that a newer gateway migrated, naming the unknown step', async () => {
    const { config } = loadConfig({ file: pgConfig(dir, schema), env });
    await migrateStore(config, dir);
    await queryAs(schema, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'from-the-future', 0)");
    const status = await storeSchemaStatus(config, dir);
    expect(status.parts[0].unknown).toEqual([9999]);
    expect(formatStatus(status)).toContain('NEWER than this gateway (unknown steps 9999)');
    const err = await GatewayApp.create({ loaded: loadConfig({ file: pgConfig(dir, schema), env }), env, connect: false, logDestination: quiet() })
      .then(() => undefined, (e: unknown) => e);
    expect(GatewayError.is(err, 'GW_STORE_SCHEMA_NEWER')).toBe(true);
    expect((err as Error).message).toContain('9999');
  });

  it('refuses a SQLite store that a newer gateway migrated too', async () => {
    const file = join(dir, 'ksef-gateway.yaml');
    writeFileSync(file, 'store:\n  kind: sqlite\n');
    const { config } = loadConfig({ file, env });
    await migrateStore(config, dir);
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(join(dir, 'gateway.sqlite'));
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9998, 'from-the-future', 0)").run();
    db.close();
    expect((await storeSchemaStatus(config, dir)).parts[0].unknown).toEqual([9998]);
    const err = await GatewayApp.create({ loaded: loadConfig({ file, env }), env, connect: false, logDestination: quiet() })
      .then(() => undefined, (e: unknown) => e);
    expect(GatewayError.is(err, 'GW_STORE_SCHEMA_NEWER')).toBe(true);
    expect((err as Error).message).toContain('9998');
  });
});
