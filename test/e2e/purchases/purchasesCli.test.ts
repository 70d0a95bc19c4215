import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type RunningSimulator } from '../../../adapters/ksef-simulator/startSimulator.js';
import { loadConfig } from '../../../core/config/loadConfig.js';
import { GatewayApp } from '../../../core/di/GatewayApp.js';
import { KsefClient } from '../../../core/ksef/KsefClient.js';
import { KsefTokenAuth } from '../../../core/ksef/auth/KsefTokenAuth.js';
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
      while (Date.now() < deadline && (!existsSync(received) || readdirSync(received).filter((f) => f.endsWith('.json')).length < sent.size)) {
        await new Promise((r) => setTimeout(r, 100));
      }
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
