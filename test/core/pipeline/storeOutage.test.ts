import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../../core/config/loadConfig.js';
import { DEMO_NIP, GatewayApp } from '../../../core/di/GatewayApp.js';
import { isStoreUnavailable } from '../../../core/pipeline/isStoreUnavailable.js';
import { CuttableRelay } from '../../support/CuttableRelay.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { invoiceXml } from '../../support/pipeline/invoiceXml.js';
import { dropSchema, pgTestUrl, testSchemaName } from '../../adapters/postgres-store/pgTestSchema.js';

async function until(check: () => boolean | Promise<boolean>, what: string, limitMs = 60_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('PostgreSQL outage', () => {
  it('classifies connection failures as an outage and statement faults as not', () => {
    expect(isStoreUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isStoreUnavailable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isStoreUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isStoreUnavailable(Object.assign(new Error('duplicate key value'), { code: '23505' }))).toBe(false);
    expect(isStoreUnavailable(new Error('relation "documents" does not exist'))).toBe(false);
  });

  it('pauses with one log line and a degraded health while the database is unreachable, then resumes by itself and loses nothing', async () => {
    const schema = testSchemaName();
    const target = new URL(pgTestUrl());
    const relay = new CuttableRelay({ host: target.hostname, port: Number(target.port || 5432) });
    await relay.open();
    const viaRelay = new URL(pgTestUrl());
    viaRelay.port = String(relay.port);
    const dir = mkdtempSync(join(tmpdir(), 'gw-outage-'));
    const file = join(dir, 'ksef-gateway.yaml');
    writeFileSync(file, ['store:', '  kind: postgres', '  url: ${KSEF_GATEWAY_PG_URL}', `  schema: ${schema}`, '  poolSize: 2', '  statementTimeoutMs: 5000',
      'ksef:', '  simulator:', '    enabled: true', '    rateLimits: "off"', 'scheduler:', '  batchMaxWaitMs: 200', 'admin:', '  port: 0',
      'plugins:', '  - use: folder-inbox', '    id: inbox', '    pollIntervalMs: 200', ''].join('\n'));
    const env = { KSEF_GATEWAY_DATA_DIR: dir, KSEF_SCHEMAS_DIR: SCHEMAS_DIR, KSEF_GATEWAY_PG_URL: viaRelay.toString(), KSEF_GATEWAY_MASTER_KEY: '' };
    const logs: string[] = [];
    const app = await GatewayApp.create({ loaded: loadConfig({ file, env }), env, logDestination: new Writable({ write(c, _e, cb) { logs.push(String(c)); cb(); } }) });
    const inbox = join(dir, 'plugins', 'inbox', 'inbox');
    const outcome = (id: string) => join(dir, 'plugins', 'inbox', 'outcomes', `${id}.json`);
    const health = async () => (await fetch(`${app.adminUrl}/healthz`)).json() as Promise<{ status: string; checks: Record<string, { status: string; detail?: string }> }>;
    try {
      await app.start();
      mkdirSync(inbox, { recursive: true });
      writeFileSync(join(inbox, 'BEFORE.xml'), invoiceXml({ sellerNip: DEMO_NIP, number: `FV/OUT/${Date.now()}/1` }));
      await until(() => existsSync(outcome('BEFORE')), 'the first outcome');

      await relay.cut();
      writeFileSync(join(inbox, 'DURING.xml'), invoiceXml({ sellerNip: DEMO_NIP, number: `FV/OUT/${Date.now()}/2` }));
      await until(async () => (await health()).checks.store?.status === 'degraded', 'a degraded store check', 20_000);
      const h = await health();
      expect(h.status).toBe('degraded');
      expect(h.checks.store.detail).toMatch(/unreachable, work paused/);
      await new Promise((r) => setTimeout(r, 2_000));
      const paused = logs.filter((l) => l.includes('store unreachable: sending and delivery paused'));
      expect(paused.length).toBeGreaterThanOrEqual(1);
      expect(paused.length).toBeLessThanOrEqual(2); // one per loop (rounds, delivery), not one per round
      expect(existsSync(outcome('DURING'))).toBe(false);

      await relay.open();
      await until(() => existsSync(outcome('DURING')), 'the outcome of the invoice dropped during the outage');
      expect(JSON.parse(readFileSync(outcome('DURING'), 'utf8'))).toMatchObject({ kind: 'accepted', erpId: 'DURING' });
      await until(async () => (await health()).checks.store?.status === 'up', 'the store check up again');
      expect(logs.some((l) => l.includes('store reachable again: work resumed'))).toBe(true);
    } finally {
      await app.stop().catch(() => undefined);
      await relay.cut().catch(() => undefined);
      await dropSchema(schema);
    }
  }, 150_000);

  it('waits at start for a database that cannot be reached yet, then runs; without a wait it fails at once as unreachable', async () => {
    const schema = testSchemaName();
    const target = new URL(pgTestUrl());
    const relay = new CuttableRelay({ host: target.hostname, port: Number(target.port || 5432) });
    await relay.open();
    await relay.cut(); // the port is known, nothing listens on it: PostgreSQL "not up yet"
    const viaRelay = new URL(pgTestUrl());
    viaRelay.port = String(relay.port);
    const dir = mkdtempSync(join(tmpdir(), 'gw-late-db-'));
    const file = join(dir, 'ksef-gateway.yaml');
    writeFileSync(file, ['store:', '  kind: postgres', '  url: ${KSEF_GATEWAY_PG_URL}', `  schema: ${schema}`, '  poolSize: 2',
      'ksef:', '  simulator:', '    enabled: true', '    rateLimits: "off"', 'admin:', '  enabled: false', ''].join('\n'));
    const env = { KSEF_GATEWAY_DATA_DIR: dir, KSEF_SCHEMAS_DIR: SCHEMAS_DIR, KSEF_GATEWAY_PG_URL: viaRelay.toString(), KSEF_GATEWAY_MASTER_KEY: '' };
    const logs: string[] = [];
    const logDestination = new Writable({ write(c, _e, cb) { logs.push(String(c)); cb(); } });
    try {
      const refused = await GatewayApp.create({ loaded: loadConfig({ file, env }), env, logDestination }).catch((e: unknown) => e);
      expect((refused as { code?: string }).code).toBe('GW_STORE_PG_UNREACHABLE');

      const opening = GatewayApp.create({ loaded: loadConfig({ file, env }), env, logDestination, waitForStoreMs: 60_000 });
      await until(() => logs.some((l) => l.includes('store unreachable at start: waiting for it')), 'the waiting log line', 20_000);
      await relay.open();
      const app = await opening;
      try {
        await app.start();
        expect((await app.queries.status()).counts).toEqual([]);
      } finally {
        await app.stop();
      }
    } finally {
      await relay.cut().catch(() => undefined);
      await dropSchema(schema);
    }
  }, 90_000);
});
