/**
 * `npm run bench:pipeline [-- --count 100000] [-- --no-xsd] [-- --producers 16] [-- --threads N] [-- --phased] [-- --synchronous normal]`: N invoices of 5-20
 * lines through the whole pipeline, submitted by 16 producers at once (submit with XSD + rules validation -> SQLite outbox -> batch sessions -> the simulator -> status, UPO files ->
 * outcome delivery), simulator rate limits off. Prints throughput, peak RSS and RSS per 10,000 delivered.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { startSimulator } from '../adapters/ksef-simulator/startSimulator.js';
import { SqliteSubmissionStore } from '../adapters/sqlite-store/SqliteSubmissionStore.js';
import { SqliteCredentialVault } from '../adapters/vault/SqliteCredentialVault.js';
import { Fa3ValidationPool } from '../core/fa3/validation/Fa3ValidationPool.js';
import { Fa3XsdValidator } from '../core/fa3/validation/Fa3XsdValidator.js';
import { validateFa3 } from '../core/fa3/validation/validateFa3.js';
import { createPipeline } from '../core/pipeline/createPipeline.js';
import { Fa3DocumentPreparer } from '../core/pipeline/Fa3DocumentPreparer.js';
import { VaultKsefClientProvider } from '../core/pipeline/VaultKsefClientProvider.js';
import { SecretValue } from '../core/vault/SecretValue.js';
import { benchInvoice } from './support/benchInvoice.js';

const args = process.argv.slice(2);
const COUNT = Number(args[args.indexOf('--count') + 1] ?? 0) || 10_000;
const XSD = !args.includes('--no-xsd');
/** Submit everything first, then start the pipeline: shows the two halves' rates apart. */
const PHASED = args.includes('--phased');
/** Documents submitted at once (`--producers 1` submits one after another). */
/** Validation worker threads, as `validation.threads` in the config (`--threads 0` validates on the main thread). */
const THREADS = Fa3ValidationPool.threadsFor(args.includes('--threads') ? Number(args[args.indexOf('--threads') + 1]) : 'auto');
const PRODUCERS = Number(args[args.indexOf('--producers') + 1] ?? 0) || 16;
const NIP = '9999999999';
/** `--synchronous normal` measures the outbox without an fsync per commit (the gateway runs `full`). */
const SYNCHRONOUS = args.includes('--synchronous') && args[args.indexOf('--synchronous') + 1] === 'normal' ? 'normal' : 'full';
const SCHEMAS = resolve(process.env.KSEF_SCHEMAS_DIR ?? join(process.env.KSEF_SHARED_DIR ?? join(process.cwd(), '..', 'shared'), 'ksef', 'schemas'));


async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-pipeline-'));
  const sim = await simulatorProcess();
  const key = randomBytes(32);
  const store = new SqliteSubmissionStore(join(dir, 'gateway.db'), SYNCHRONOUS);
  const vault = new SqliteCredentialVault(join(dir, 'vault.db'), key);
  await vault.put({ contextNip: NIP, kind: 'token', secret: new SecretValue(sim.token) });
  const xsd = XSD && THREADS === 0 ? await Fa3XsdValidator.load(SCHEMAS) : undefined;
  const pool = THREADS > 0 ? new Fa3ValidationPool({ schemasDir: XSD ? SCHEMAS : undefined, threads: THREADS }) : undefined;
  const now = new Date();
  const preparer = new Fa3DocumentPreparer({ validate: pool ? (xml) => pool.validate(xml, { now }) : (xml) => validateFa3(xml, { xsd, now }) });
  let delivered = 0;
  const { pipeline, submissions } = createPipeline({
    store, vault, dataDir: dir, preparer,
    clients: new VaultKsefClientProvider(vault, (contextNip, auth) => ({ baseUrl: sim.baseUrl, contextNip, auth, rateLimits: 'off', authPollIntervalMs: 20 })),
    sink: { deliver: async () => { delivered += 1; } },
    ...(process.env.BENCH_DEBUG ? { logger: pino({ level: 'info' }, pino.destination(2)) } : {}),
    options: { instanceId: 'bench', tickMs: 50, pollBaseMs: 100, pollMaxMs: 1000, batchMaxWaitMs: 2000, onlineBelow: 0 },
  });
  let peakRss = 0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    if (m.rss > peakRss && process.env.BENCH_DEBUG) console.error(JSON.stringify({ rss: mb(m.rss), heap: mb(m.heapUsed), ext: mb(m.external), ab: mb(m.arrayBuffers), delivered }));
    peakRss = Math.max(peakRss, m.rss);
    while (delivered >= mark) { rssAt.push(`${mark}: ${mb(m.rss)}`); mark += 10_000; }
  }, 100);
  const rssAt: string[] = [];
  let mark = 10_000;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const eluStart = performance.eventLoopUtilization();
  const simCpuStart = sim.cpuSeconds();
  if (!PHASED) await pipeline.start();
  const run = `${Date.now()}`;
  let invalid = 0;
  let next = 0;
  // Several producers at once, as an ERP pushing over HTTP or a plugin handing over a polled folder does.
  const producer = async (): Promise<void> => {
    while (next < COUNT) {
      const i = next++;
      const lines = 5 + (i % 16);
      const r = await submissions.submit('bench', { erpId: `B-${run}-${i}`, payload: { format: 'fa3-xml', xml: benchInvoice(NIP, `FV/${run}/${i}`, lines) } });
      if (r.state === 'invalid') invalid += 1;
      if (invalid === 1 && r.state === 'invalid') console.error('invalid:', JSON.stringify(r.errors.slice(0, 3)));
      // Backpressure for long runs: keep at most ~30,000 undelivered so that memory stays flat.
      if (delivered < i - 30_000) await until(() => delivered >= i - 20_000);
    }
  };
  await Promise.all(Array.from({ length: PRODUCERS }, producer));
  const submitted = performance.now();
  if (PHASED) await pipeline.start();
  await until(() => delivered + invalid >= COUNT);
  const end = performance.now();
  const cpu = process.cpuUsage(cpuStart);
  const elu = performance.eventLoopUtilization(eluStart);
  const simCpu = sim.cpuSeconds() - simCpuStart;
  clearInterval(sampler);
  await pipeline.stop();
  await store.close();
  await vault.close();
  sim.close();
  xsd?.dispose();
  await pool?.close();
  rmSync(dir, { recursive: true, force: true });
  const secs = (end - start) / 1000;
  console.log(JSON.stringify({
    invoices: COUNT, invalid, synchronous: SYNCHRONOUS, xsd: XSD, producers: PRODUCERS, validationThreads: THREADS, seconds: +secs.toFixed(1), perSecond: Math.round(COUNT / secs),
    submitPerSecond: Math.round(COUNT / ((submitted - start) / 1000)),
    ...(PHASED ? { drainPerSecond: Math.round(COUNT / ((end - submitted) / 1000)) } : {}),
    // Under contention wall time says little: invoices per CPU-second of the gateway process (simulator excluded).
    gatewayCpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(1), perGatewayCpuSecond: Math.round(COUNT / ((cpu.user + cpu.system) / 1e6)),
    // The simulator shares the 2 cores: gateway + simulator CPU per invoice bounds the end-to-end rate.
    // The share of the run the gateway's event loop was busy: near 1, the main thread is the bottleneck.
    eventLoopUtilization: +elu.utilization.toFixed(2),
    simulatorCpuSeconds: +simCpu.toFixed(1), cpuMsPerInvoice: { gateway: +((cpu.user + cpu.system) / 1e3 / COUNT).toFixed(2), simulator: +(simCpu * 1e3 / COUNT).toFixed(2) },
    loadAverage: os.loadavg().map((l) => +l.toFixed(1)), peakRssMB: mb(peakRss), rssPer10k: rssAt,
  }, null, 1));
}

const mb = (b: number): number => Math.round(b / 1048576);
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 50));
}

/**
 * The simulator runs in its own process, so that the figures (RSS above all) are the gateway's own, as they would be
 * against the real KSeF. With `--sim` this file is that process: it prints its URL and a token, and ends with stdin.
 */
async function simulatorProcess(): Promise<{ baseUrl: string; token: string; cpuSeconds(): number; close(): void }> {
  // BENCH_SIM_NODE_ARGS="--cpu-prof" profiles the simulator too (NODE_OPTIONS refuses --cpu-prof).
  const nodeArgs = process.env.BENCH_SIM_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, fileURLToPath(import.meta.url), '--sim'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise<string>((ok) => {
    let buf = '';
    child.stdout.on('data', (b) => { buf += String(b); if (buf.includes('\n')) ok(buf.split('\n')[0]); });
  });
  const { baseUrl, token } = JSON.parse(line) as { baseUrl: string; token: string };
  return { baseUrl, token, cpuSeconds: () => procCpuSeconds(child.pid), close: () => child.stdin.end() };
}

/** utime + stime of a process from /proc (Linux; 0 elsewhere), in clock ticks of 1/100 s. */
function procCpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

if (args.includes('--sim')) {
  const sim = await startSimulator({ rateLimits: 'off', processingDelayMs: 0 });
  const { token } = sim.createToken({ nip: NIP, permissions: ['InvoiceWrite'] });
  process.stdout.write(`${JSON.stringify({ baseUrl: sim.baseUrl, token })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => { void sim.close().then(() => process.exit(0)); });
} else {
  await main();
}
