import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type RunningSimulator } from '../../../adapters/ksef-simulator/startSimulator.js';
import { loadConfig } from '../../../core/config/loadConfig.js';
import { GatewayApp } from '../../../core/di/GatewayApp.js';
import { KsefClient } from '../../../core/ksef/KsefClient.js';
import { KsefTokenAuth } from '../../../core/ksef/auth/KsefTokenAuth.js';
import { SqlitePurchaseStore } from '../../../adapters/sqlite-store/SqlitePurchaseStore.js';
import { runCli } from '../../support/runCli.js';
import { SAMPLE_SELLER_NIP } from '../ksef/support/samples.js';
import { issueInvoices } from './support/issueInvoices.js';

const BUYER = '1111111111';

/** The real command line in-process: stdout (as bytes), stderr, exit code. */
const cli = async (args: string[], env: Record<string, string>): Promise<{ out: Buffer; err: string; code: number }> => {
  const r = await runCli(args, env);
  return { out: r.bytes, err: r.err, code: r.code };
};

describe('purchases: CLI, gateway and folder-inbox', () => {
  let sim: RunningSimulator;
  let sent: Map<string, Buffer>;
  const dir = mkdtempSync(join(tmpdir(), 'gw-pur-cli-'));
  const received = join(dir, 'erp', 'received');
  let env: Record<string, string>;

  beforeAll(async () => {
    sim = await startSimulator({ rateLimits: 'off', processingDelayMs: 20, hwmLagMs: 0 });
    const seller = new KsefClient({ baseUrl: sim.baseUrl, contextNip: SAMPLE_SELLER_NIP, authPollIntervalMs: 20,
      auth: new KsefTokenAuth(sim.createToken({ nip: SAMPLE_SELLER_NIP, permissions: ['InvoiceWrite'] }).token) });
    sent = await issueInvoices(seller, 5, 'CLI');
    await seller.close();
    env = {
      KSEF_GATEWAY_DATA_DIR: join(dir, 'var'), KSEF_GATEWAY_CONFIG: join(dir, 'gw.yaml'), KSEF_GATEWAY_LOG_LEVEL: 'silent',
      BUYER_TOKEN: sim.createToken({ nip: BUYER, permissions: ['InvoiceRead'] }).token,
    };
    writeFileSync(env.KSEF_GATEWAY_CONFIG, [
      `ksef: { baseUrl: "${sim.baseUrl}" }`,
      `contexts: [{ nip: "${BUYER}", credential: { kind: token, token: "\${BUYER_TOKEN}" } }]`,
      'admin: { enabled: false }',
      `purchases: { enabled: true, since: "${new Date(Date.now() - 3600_000).toISOString()}" }`,
      `plugins: [{ use: folder-inbox, id: erp, options: { inbox: "${join(dir, 'erp', 'inbox')}" } }]`,
    ].join('\n'));
  }, 60_000);
  afterAll(() => sim.close());

  it('purchases sync stores each invoice issued to the context; list, get and status show them', async () => {
    const sync = await cli(['purchases', 'sync', '--context', BUYER], env);
    expect({ code: sync.code, err: sync.err }).toEqual({ code: 0, err: '' });
    expect(sync.out.toString()).toMatch(new RegExp(`${BUYER}\\s+Subject2\\s+synced\\s+1\\s+5\\s`));
    const list = await cli(['purchases', 'list', '--json'], env);
    expect(JSON.parse(list.out.toString()).map((i: { ksefNumber: string }) => i.ksefNumber).sort()).toEqual([...sent.keys()].sort());
    const [n, xml] = [...sent.entries()][0];
    const got = await cli(['purchases', 'get', n], env);
    expect(got.out.equals(xml)).toBe(true);
    const status = JSON.parse((await cli(['purchases', 'status', '--json'], env)).out.toString());
    expect(status.cursors).toEqual([expect.objectContaining({ contextNip: BUYER, subjectType: 'Subject2', received: 5, lastError: null })]);
    expect(status.budgetLeft[BUYER]).toBe(19);
    expect((await cli(['status'], env)).out.toString()).toMatch(new RegExp(`${BUYER}\\s+Subject2\\s+\\S+\\s+\\S+\\s+5\\s+19`));
    const again = await cli(['purchases', 'sync'], env);
    expect(again.out.toString()).toMatch(/synced\s+1\s+0\s/);
    expect((await cli(['purchases', 'get', `${SAMPLE_SELLER_NIP}-20260101-000000000000-00`], env)).code).toBe(1);
    expect((await cli(['purchases', 'sync', '--context', '123'], env)).code).toBe(2);
  });

  it('a running gateway hands each received invoice to folder-inbox: <ksefNumber>.xml byte for byte and a JSON summary', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, env);
    const app = await GatewayApp.create({ loaded: loadConfig({ file: env.KSEF_GATEWAY_CONFIG, env: process.env }), env: process.env });
    try {
      await app.start();
      const deadline = Date.now() + 30_000;
      // The files are written before each delivery is acknowledged: wait for both.
      const done = async (): Promise<boolean> => existsSync(received) && readdirSync(received).filter((f) => f.endsWith('.json')).length >= sent.size
        && Object.keys(await app.purchaseStore.pendingDeliveries()).length === 0;
      while (Date.now() < deadline && !(await done())) await new Promise((r) => setTimeout(r, 100));
      expect(await app.purchaseStore.pendingDeliveries()).toEqual({});
    } finally {
      await app.stop();
      process.env = saved;
    }
    for (const [n, xml] of sent) {
      expect(readFileSync(join(received, `${n}.xml`)).equals(xml)).toBe(true);
      expect(JSON.parse(readFileSync(join(received, `${n}.json`), 'utf8'))).toMatchObject({ ksefNumber: n, contextNip: BUYER, subjectRole: 'buyer', sellerNip: SAMPLE_SELLER_NIP });
    }
    expect(readdirSync(received).sort()).toEqual([...sent.keys()].flatMap((n) => [`${n}.json`, `${n}.xml`]).sort());
  });
});

describe('purchases sync: --since and exit code 3', () => {
  let sim: RunningSimulator;
  let seller: KsefClient;
  const dir = mkdtempSync(join(tmpdir(), 'gw-pur-since-'));
  let env: Record<string, string>;
  const heldNumbers = async (): Promise<string[]> =>
    (JSON.parse((await cli(['purchases', 'list', '--json', '--limit', '100'], env)).out.toString()) as { ksefNumber: string }[]).map((i) => i.ksefNumber).sort();
  const row = (out: Buffer): string[] => out.toString().split('\n').find((l) => l.startsWith(BUYER))!.trim().split(/\s{2,}/);

  beforeAll(async () => {
    sim = await startSimulator({ rateLimits: 'off', processingDelayMs: 20, hwmLagMs: 0 });
    seller = new KsefClient({ baseUrl: sim.baseUrl, contextNip: SAMPLE_SELLER_NIP, authPollIntervalMs: 20,
      auth: new KsefTokenAuth(sim.createToken({ nip: SAMPLE_SELLER_NIP, permissions: ['InvoiceWrite'] }).token) });
    env = {
      KSEF_GATEWAY_DATA_DIR: join(dir, 'var'), KSEF_GATEWAY_CONFIG: join(dir, 'gw.yaml'), KSEF_GATEWAY_LOG_LEVEL: 'silent',
      BUYER_TOKEN: sim.createToken({ nip: BUYER, permissions: ['InvoiceRead'] }).token,
    };
    writeFileSync(env.KSEF_GATEWAY_CONFIG, [
      `ksef: { baseUrl: "${sim.baseUrl}" }`,
      `contexts: [{ nip: "${BUYER}", credential: { kind: token, token: "\${BUYER_TOKEN}" } }]`,
      'admin: { enabled: false }',
      `purchases: { enabled: true, since: "${new Date(Date.now() - 3600_000).toISOString()}" }`,
      `plugins: [{ use: folder-inbox, id: erp, options: { inbox: "${join(dir, 'erp', 'inbox')}" } }]`,
    ].join('\n'));
  }, 60_000);
  afterAll(async () => {
    await seller.close();
    await sim.close();
  });

  it('--since starts at that date instead of the configured start or the cursor, and skips invoices already held', async () => {
    const early = await issueInvoices(seller, 2, 'EARLY');
    await new Promise((r) => setTimeout(r, 50));
    const between = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 50));
    const late = await issueInvoices(seller, 3, 'LATE');

    // The configured start (an hour ago) would bring all five: --since brings only those stored after it.
    const first = await cli(['purchases', 'sync', '--since', between], env);
    expect({ code: first.code, err: first.err }).toEqual({ code: 0, err: '' });
    expect(row(first.out).slice(0, 5)).toEqual([BUYER, 'Subject2', 'synced', '1', '3']);
    expect(await heldNumbers()).toEqual([...late.keys()].sort());

    // The cursor is now past the early invoices: a plain sync does not go back for them.
    expect(row((await cli(['purchases', 'sync'], env)).out)[4]).toBe('0');
    expect(await heldNumbers()).toEqual([...late.keys()].sort());

    // --since before them fetches all five again; the three held are skipped, the two early ones are new.
    const back = await cli(['purchases', 'sync', '--since', new Date(Date.now() - 1800_000).toISOString()], env);
    expect(back.code).toBe(0);
    expect(row(back.out)[4]).toBe('2');
    expect(await heldNumbers()).toEqual([...early.keys(), ...late.keys()].sort());
    const status = JSON.parse((await cli(['purchases', 'status', '--json'], env)).out.toString());
    expect(status.cursors).toEqual([expect.objectContaining({ contextNip: BUYER, subjectType: 'Subject2', received: 5, lastError: null })]);

    const bad = await cli(['purchases', 'sync', '--since', 'yesterday'], env);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--since yesterday: not an ISO date-time/);
  }, 60_000);

  it('exits 3 when another instance holds the context\'s lease or the hour\'s export budget is spent, asking KSeF for no export', async () => {
    const store = new SqlitePurchaseStore(join(env.KSEF_GATEWAY_DATA_DIR, 'gateway.sqlite'));
    try {
      expect(await store.tryLease(BUYER, 'another-instance', Date.now(), 60_000)).toBe(true);
      const locked = await cli(['purchases', 'sync'], env);
      expect({ code: locked.code, err: locked.err }).toEqual({ code: 3, err: '' });
      expect(row(locked.out).slice(0, 5)).toEqual([BUYER, 'Subject2', 'locked', '0', '0']);
      await store.releaseLease(BUYER, 'another-instance');

      const used = await store.exportsSince(BUYER, Date.now() - 3600_000);
      for (let i = used; i < 20; i++) await store.logExport(BUYER, 'Subject2', `EX-ELSEWHERE-${i}`, Date.now());
      const exportsBefore = sim.requestsReceived().filter((r) => r.method === 'POST' && r.path.endsWith('/invoices/exports')).length;
      const spent = await cli(['purchases', 'sync'], env);
      expect({ code: spent.code, err: spent.err }).toEqual({ code: 3, err: '' });
      expect(row(spent.out).slice(0, 5)).toEqual([BUYER, 'Subject2', 'no-budget', '0', '0']);
      // No export was asked of KSeF.
      expect(sim.requestsReceived().filter((r) => r.method === 'POST' && r.path.endsWith('/invoices/exports'))).toHaveLength(exportsBefore);
    } finally {
      await store.close();
    }
  }, 60_000);
});
