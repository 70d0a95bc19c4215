import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSimulator, type RunningSimulator } from '../../../adapters/ksef-simulator/startSimulator.js';
import { SqlitePurchaseStore } from '../../../adapters/sqlite-store/SqlitePurchaseStore.js';
import { KsefClient } from '../../../core/ksef/KsefClient.js';
import { KsefTokenAuth } from '../../../core/ksef/auth/KsefTokenAuth.js';
import { SAMPLE_SELLER_NIP } from '../ksef/support/samples.js';
import { issueInvoices } from './support/issueInvoices.js';

const ROOT = resolve('.');
const OUT = join(ROOT, 'node_modules', '.cache', 'ksef-gateway-purchase-crash-test');
const CHILD = join(OUT, 'test', 'e2e', 'purchases', 'support', 'purchaseSyncChild.js');
const BUYER = '1111111111';
let sim: RunningSimulator;
let token: string;
let sent: Map<string, Buffer>;
const since = new Date(Date.now() - 60_000).toISOString();

beforeAll(async () => {
  // The child is a real gateway process: compiled once with tsc, run with node, killed with SIGKILL.
  execFileSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['--outDir', OUT, '--rootDir', ROOT, '--module', 'nodenext',
    '--moduleResolution', 'nodenext', '--target', 'ES2022', '--lib', 'ES2023', '--strict', '--experimentalDecorators', '--emitDecoratorMetadata',
    '--esModuleInterop', '--skipLibCheck', '--resolveJsonModule', join(ROOT, 'test/e2e/purchases/support/purchaseSyncChild.ts')], { stdio: 'inherit' });
  sim = await startSimulator({ rateLimits: 'off', processingDelayMs: 20, hwmLagMs: 0, exportLimits: { maxInvoices: 4 } });
  const seller = new KsefClient({ baseUrl: sim.baseUrl, contextNip: SAMPLE_SELLER_NIP, authPollIntervalMs: 20,
    auth: new KsefTokenAuth(sim.createToken({ nip: SAMPLE_SELLER_NIP, permissions: ['InvoiceWrite'] }).token) });
  sent = await issueInvoices(seller, 10, 'CRASH');
  await seller.close();
  token = sim.createToken({ nip: BUYER, permissions: ['InvoiceRead'] }).token;
}, 180_000);
afterAll(async () => { await sim?.close(); });

function runChild(env: Record<string, string>): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CHILD], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b) => { stderr += String(b); });
    const timer = setTimeout(() => { child.kill('SIGKILL'); fail(new Error(`child timed out: ${stderr}`)); }, 90_000);
    child.on('exit', (code, signal) => { clearTimeout(timer); done({ code, signal, stderr }); });
  });
}

// Every step of a sync: after an export starts, before and after each chunk of a package is stored, before and
// after the cursor moves, while the plugin receives, before and after an acknowledgement.
const POINTS = ['export-started:1', 'export-started:2', 'before-store:1', 'stored:1', 'stored:3', 'before-advance:1', 'advanced:1',
  'before-advance:3', 'receiving:1', 'receiving:5', 'before-ack:2', 'acked:10'];

describe('purchase sync: SIGKILL at every step', () => {
  it.each(POINTS)('receives each invoice exactly once after a kill at %s and a restart', async (crashAt) => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-pur-crash-'));
    const env = { STORE_FILE: join(dir, 'gateway.sqlite'), ERP_FILE: join(dir, 'erp.txt'), BASE_URL: sim.baseUrl, KSEF_TOKEN: token, NIP: BUYER, SINCE: since };
    const crashed = await runChild({ ...env, CRASH_AT: crashAt });
    expect({ signal: crashed.signal, stderr: crashed.stderr }).toEqual({ signal: 'SIGKILL', stderr: '' });
    const restarted = await runChild(env);
    expect({ code: restarted.code, stderr: restarted.stderr }).toEqual({ code: 0, stderr: '' });

    const store = new SqlitePurchaseStore(env.STORE_FILE);
    try {
      const held = await store.listInvoices({ limit: 1000 });
      expect(held.map((i) => i.ksefNumber).sort()).toEqual([...sent.keys()].sort());
      for (const [n, xml] of sent) expect((await store.getInvoice(n, BUYER))!.xml.equals(xml)).toBe(true);
      expect(await store.pendingDeliveries()).toEqual({});
      expect((await store.cursor(BUYER, 'Subject2'))!.lastError).toBeNull();
    } finally {
      await store.close();
    }
    const erp = existsSync(env.ERP_FILE) ? readFileSync(env.ERP_FILE, 'utf8').trim().split('\n') : [];
    expect(erp.sort()).toEqual([...sent.keys()].sort());
  });
});
