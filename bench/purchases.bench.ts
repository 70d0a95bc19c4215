/**
 * Purchase sync benchmark (npm run bench:purchases): a simulator in a child process holds N invoices (default
 * 10,000) issued to the buyer by batch; this process syncs them (one export, download, decrypt, unpack, check,
 * store in SQLite) and reports seconds and its peak RSS. The simulator's memory is not in the figure.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { startSimulator } from '../adapters/ksef-simulator/startSimulator.js';
import { SqlitePurchaseStore } from '../adapters/sqlite-store/SqlitePurchaseStore.js';
import { KsefClient } from '../core/ksef/KsefClient.js';
import { KsefTokenAuth } from '../core/ksef/auth/KsefTokenAuth.js';
import { PurchaseSync } from '../core/purchases/PurchaseSync.js';

const N = Number(process.env.BENCH_PURCHASES ?? 10_000);
const SELLER = '9999999999';
const BUYER = '1111111111';
const rssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

async function simulatorChild(): Promise<void> {
  const sample = readFileSync(join(resolve(process.env.KSEF_SHARED_DIR ?? join(process.cwd(), '..', 'shared')), 'ksef', 'samples', 'fa3', 'FA_3_Przyklad_1.xml'), 'utf8');
  const sim = await startSimulator({ rateLimits: 'off', processingDelayMs: 20, hwmLagMs: 0 });
  const since = new Date(Date.now() - 60_000).toISOString();
  const seller = new KsefClient({ baseUrl: sim.baseUrl, contextNip: SELLER, auth: new KsefTokenAuth(sim.createToken({ nip: SELLER, permissions: ['InvoiceWrite'] }).token), authPollIntervalMs: 20 });
  const run = Date.now().toString(36);
  async function* invoices() {
    for (let i = 0; i < N; i++) yield { fileName: `fa-${i}.xml`, bytes: Buffer.from(sample.replace(/<P_2>[^<]*<\/P_2>/, `<P_2>PB/${run}/${i}</P_2>`), 'utf8') };
  }
  const sent = await seller.sendBatch(invoices(), { format: 'zip' });
  for (;;) {
    const s = await seller.getSessionStatus(sent.sessionReferenceNumber);
    if (s.status.code === 200) break;
    if (s.status.code >= 400) throw new Error(`batch failed: ${JSON.stringify(s.status)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  await sim.whenIdle();
  await new Promise((r) => setTimeout(r, 100));
  process.stdout.write(`${JSON.stringify({ baseUrl: sim.baseUrl, token: sim.createToken({ nip: BUYER, permissions: ['InvoiceRead'] }).token, since })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void sim.close().then(() => process.exit(0)));
}

async function main(): Promise<void> {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--simulator'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const first = await new Promise<string>((res, rej) => {
    createInterface({ input: child.stdout }).once('line', res);
    child.once('exit', (code) => rej(new Error(`simulator child exited ${code}`)));
  });
  const { baseUrl, token, since } = JSON.parse(first) as { baseUrl: string; token: string; since: string };
  const dir = mkdtempSync(join(tmpdir(), 'gw-bench-purchases-'));
  const store = new SqlitePurchaseStore(join(dir, 'gateway.sqlite'));
  const client = new KsefClient({ baseUrl, contextNip: BUYER, auth: new KsefTokenAuth(token), authPollIntervalMs: 20, rateLimits: 'off' });
  const before = rssMb();
  const sync = new PurchaseSync(store, { forContext: async () => client }, {
    owner: 'bench', consumers: () => ['erp'], initialSince: () => since, pollIntervalMs: 50, logger: pino({ level: 'warn' }),
  });
  const t0 = performance.now();
  const result = await sync.sync(BUYER, 'Subject2');
  const seconds = (performance.now() - t0) / 1000;
  const held = (await store.listInvoices({ limit: N + 10 })).length;
  process.stdout.write(`${JSON.stringify({ invoices: N, received: result.received, held, exports: result.exports, seconds: Number(seconds.toFixed(2)),
    invoicesPerSecond: Math.round(result.received / seconds), rssBeforeMb: before, peakRssMb: rssMb() })}\n`);
  await client.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  child.stdin.end();
}

if (process.argv.includes('--simulator')) void simulatorChild();
else void main();
