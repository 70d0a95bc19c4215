/**
 * `npm run bench:rest [-- --rates 100,200,400 --seconds 10 --lines 10]`: POST /v1/invoices (FA(3) XML, XSD + rules
 * on, each request a new invoice with an Idempotency-Key) against a whole gateway on loopback: the REST plugin,
 * the real SQLite store, and the KSeF simulator taking what the scheduler sends. For each fixed rate: stored
 * invoices/s (202), p50/p95/p99 latency, and the gateway process's CPU time per stored invoice (all threads,
 * including the scheduler: a figure that a loaded machine distorts less than latency); then the highest rate with
 * 16 connections; then how fast the stored invoices were accepted by the simulator.
 * The simulator and the load generator run in processes of their own, as KSeF and the ERP do; `--simulator
 * in-process` runs the simulator inside the gateway's process instead (it then shares the gateway's event loop).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Pool } from 'undici';
import { loadConfig } from '../core/config/loadConfig.js';
import { DEMO_NIP, GatewayApp } from '../core/di/GatewayApp.js';
import type { RestPlugin } from '../plugins/rest/RestPlugin.js';

const args = process.argv.slice(2);
const arg = (name: string, def: string): string => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : def);
const RATES = arg('rates', '100,200,400').split(',').map(Number);
const SECONDS = Number(arg('seconds', '10'));
const LINES = Number(arg('lines', '10'));
const SIMULATOR = arg('simulator', 'process');
const CLI = fileURLToPath(new URL('../bin/ksef-gateway.js', import.meta.url));
const SHARED = resolve(process.env.KSEF_SHARED_DIR ?? join(process.cwd(), '..', 'shared'), 'ksef');
const SAMPLE = readFileSync(join(SHARED, 'samples', 'fa3', 'FA_3_Przyklad_1.xml'), 'utf8').replace('<NIP>9999999999</NIP>', `<NIP>${DEMO_NIP}</NIP>`);

/** The Ministry's sample 1 with `LINES` copies of its first line (23 %), the 5 % bucket dropped and the sums recomputed. */
function template(): string {
  const line = /<FaWiersz>[\s\S]*?<\/FaWiersz>/.exec(SAMPLE)![0];
  const lines = Array.from({ length: LINES }, (_, i) => line.replace(/<NrWierszaFa>\d+<\/NrWierszaFa>/, `<NrWierszaFa>${i + 1}</NrWierszaFa>`));
  const net = BigInt(LINES) * 162601n;
  const tax = (net * 23n + 50n) / 100n;
  const money = (cents: bigint): string => `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
  return SAMPLE.replace(/(\s*<FaWiersz>[\s\S]*?<\/FaWiersz>)+/, `\n${lines.join('\n')}`)
    .replace(/<P_13_1>[^<]*</, `<P_13_1>${money(net)}<`).replace(/<P_14_1>[^<]*</, `<P_14_1>${money(tax)}<`)
    .replace(/\s*<P_13_3>[^<]*<\/P_13_3>\s*<P_14_3>[^<]*<\/P_14_3>/, '').replace(/<P_15>[^<]*</, `<P_15>${money(net + tax)}<`);
}

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** `ksef-gateway simulator start` in a process of its own, with a token for the demo NIP; its base URL. */
async function simulatorProcess(dir: string): Promise<{ baseUrl: string; token: string; child: ChildProcess }> {
  const dataDir = join(dir, 'simulator');
  const child = spawn(process.execPath, [CLI, 'simulator', 'start', '--port', '0', '--data-dir', dataDir, '--rate-limits', 'off'],
    { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, KSEF_GATEWAY_LOG_LEVEL: 'error' } });
  let out = '';
  const baseUrl = await new Promise<string>((ok, fail) => {
    child.stdout!.on('data', (b) => { out += String(b); if (out.includes('\n')) ok(out.split('\n')[0].trim()); });
    child.once('exit', (code) => fail(new Error(`simulator exited with ${code}`)));
  });
  const token = execFileSync(process.execPath, [CLI, 'simulator', 'token', 'create', '--nip', DEMO_NIP, '--permissions', 'InvoiceWrite,InvoiceRead',
    '--data-dir', dataDir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  return { baseUrl, token, child };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gw-bench-rest-'));
  const sim = SIMULATOR === 'process' ? await simulatorProcess(dir) : undefined;
  writeFileSync(join(dir, 'gw.yaml'), [
    sim ? 'ksef: {}' : 'ksef: { simulator: { enabled: true, rateLimits: "off" } }', 'admin: { enabled: false }', 'log: { level: warn }',
    `contexts: [{ nip: "${DEMO_NIP}" }]`,
    'plugins: [{ use: rest, id: api, options: { port: 0, limits: { requestsPerSecond: 100000 } } }]',
  ].join('\n'));
  const env: NodeJS.ProcessEnv = { ...process.env, KSEF_GATEWAY_DATA_DIR: dir, KSEF_SCHEMAS_DIR: process.env.KSEF_SCHEMAS_DIR ?? join(SHARED, 'schemas'), KSEF_GATEWAY_CONFIG: '',
    ...(sim ? { KSEF_BASE_URL: sim.baseUrl, KSEF_NIP: DEMO_NIP, KSEF_TOKEN: sim.token } : {}) };
  if (!sim) for (const k of ['KSEF_BASE_URL', 'KSEF_NIP', 'KSEF_TOKEN']) delete env[k];
  const app = await GatewayApp.create({ loaded: loadConfig({ file: join(dir, 'gw.yaml'), env }), env, logDestination: new Writable({ write(_c, _e, cb) { cb(); } }) });
  await app.start();
  const rest = app.plugins.registry.adapter('api') as RestPlugin;
  const { key } = await rest.keys.create({ name: 'bench', contexts: [DEMO_NIP], scope: 'write' });
  const xml = template();
  // A static XML probe: is validation really on? (a broken invoice must answer 422)
  const probe = await fetch(`${rest.url}/v1/invoices?erpId=probe`, { method: 'POST', body: xml.replace(/<P_15>[^<]*</, '<P_15>0.01<'),
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/xml' } });
  if (probe.status !== 422) throw new Error(`validation is off? a wrong P_15 answered ${probe.status}`);
  const good = await fetch(`${rest.url}/v1/invoices?erpId=probe-ok`, { method: 'POST', body: xml.replace(/<P_2>[^<]*</, '<P_2>PROBE/OK<'),
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/xml' } });
  if (good.status !== 202) throw new Error(`the bench invoice is refused (${good.status}): ${await good.text()}`);
  console.log(`REST bench: ${LINES}-line FA(3) XML invoices of ${Buffer.byteLength(xml)} bytes, XSD + rules on, ${SECONDS} s per rate, simulator ${sim ? 'in its own process' : 'in-process'}, node ${process.version}`);

  let n = 0;
  const run = async (label: string, opts: { rate?: number; connections: number }): Promise<void> => {
    // The load comes from another process, so its event loop does not share the gateway's.
    const child = fork(fileURLToPath(import.meta.url), ['--client'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const cpu = process.cpuUsage();
    child.send({ url: rest.url, key, xml, seconds: SECONDS, first: n, ...opts });
    const r = await new Promise<ClientReport>((res) => child.once('message', (m) => res(m as never)));
    n += r.sent;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000 / Math.max(1, r.stored);
    const times = r.times.sort((a, b) => a - b);
    // The machine may be shared: the 1-minute load average says how much of it the figures had.
    console.log(`${label.padEnd(22)} load ${loadavg()[0].toFixed(2)}  stored ${(r.stored / SECONDS).toFixed(0).padStart(5)}/s  p50 ${pct(times, 50).toFixed(1).padStart(6)} ms  p95 ${pct(times, 95).toFixed(1).padStart(6)} ms  p99 ${pct(times, 99).toFixed(1).padStart(6)} ms  CPU ${cpuMs.toFixed(2)} ms/invoice  (${r.stored} x 202, ${r.other} other)`);
  };
  for (const rate of RATES) await run(`steady ${rate} req/s`, { rate, connections: 64 });
  await run('max, 16 connections', { connections: 16 });

  const total = (await app.store.countsByState()).reduce((s, c) => s + c.count, 0);
  const t0 = performance.now();
  const done = async (): Promise<number> => (await app.store.countsByState()).filter((c) => c.state === 'delivered' || c.state === 'invalid').reduce((s, c) => s + c.count, 0);
  let finished = await done();
  while (finished < total && performance.now() - t0 < 300_000) {
    await new Promise((r) => setTimeout(r, 500));
    finished = await done();
  }
  console.log(`pipeline: ${finished}/${total} invoices accepted by the simulator (or invalid) ${((performance.now() - t0) / 1000).toFixed(1)} s after the last request`);
  await app.stop();
  sim?.child.kill('SIGTERM');
}

interface ClientOrder { url: string; key: string; xml: string; seconds: number; first: number; rate?: number; connections: number }
interface ClientReport { stored: number; other: number; times: number[]; sent: number }

/**
 * The load generator (a child process). At a fixed rate it is open-loop: request i leaves at start + i/rate whatever
 * the earlier ones are doing (as independent ERP users would send), and its latency counts from that planned moment,
 * so a stall shows in the percentiles instead of slowing the sender (coordinated omission). autocannon's own rate
 * mode sends each connection's quota back to back at the start of every second: a burst, not a rate. Without a rate,
 * autocannon keeps `connections` requests in flight (closed loop) to find the most the gateway takes.
 */
async function client(): Promise<void> {
  const o = await new Promise<ClientOrder>((res) => process.once('message', (m) => res(m as never)));
  const report = o.rate ? await openLoop(o, o.rate) : await closedLoop(o);
  process.send!(report);
  process.disconnect();
}

const invoiceRequest = (o: ClientOrder, n: number) => ({
  path: `/v1/invoices?erpId=B-${n}`, body: o.xml.replace(/<P_2>[^<]*<\/P_2>/, `<P_2>BENCH/${n}</P_2>`),
  headers: { authorization: `Bearer ${o.key}`, 'content-type': 'application/xml', 'idempotency-key': `bench-${n}` },
});

async function openLoop(o: ClientOrder, rate: number): Promise<ClientReport> {
  const pool = new Pool(o.url, { connections: o.connections });
  const times: number[] = [];
  let stored = 0;
  let other = 0;
  const total = Math.round(rate * o.seconds);
  const start = performance.now() + 20;
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const planned = start + (i * 1000) / rate;
    const wait = planned - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const req = invoiceRequest(o, o.first + i + 1);
    inFlight.push(pool.request({ origin: o.url, method: 'POST', ...req }).then(async (res) => {
      await res.body.text();
      times.push(performance.now() - planned);
      if (res.statusCode === 202) stored += 1; else other += 1;
    }, () => { other += 1; }));
  }
  await Promise.all(inFlight);
  await pool.close();
  return { stored, other, times, sent: total };
}

async function closedLoop(o: ClientOrder): Promise<ClientReport> {
  const times: number[] = [];
  let stored = 0;
  let other = 0;
  let n = o.first;
  let finished!: () => void;
  const ended = new Promise<void>((r) => { finished = r; });
  const instance = autocannon({
    url: o.url, duration: o.seconds, connections: o.connections,
    requests: [{ method: 'POST', setupRequest: (req) => { n += 1; return { ...req, ...invoiceRequest(o, n) }; } }],
  }, () => finished());
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    times.push(ms);
    if (status === 202) stored += 1; else other += 1;
  });
  await ended;
  return { stored, other, times, sent: n - o.first };
}

(process.argv.includes('--client') ? client() : main()).catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
