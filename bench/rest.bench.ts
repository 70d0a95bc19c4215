/**
 * `npm run bench:rest [-- --rates 100,200,400 --seconds 10 --lines 10]`: POST /v1/invoices (FA(3) XML, XSD + rules
 * on, each request a new invoice with an Idempotency-Key) against a whole gateway on loopback: the REST plugin,
 * the real SQLite store, and the in-process KSeF simulator taking what the scheduler sends. For each fixed rate:
 * stored invoices/s (202), p50/p95/p99 latency, and the gateway process's CPU time per stored invoice (all threads,
 * including the in-process simulator and scheduler: a figure that a loaded machine distorts less than latency); then
 * the highest rate with 16 connections; then how fast the stored invoices were accepted by the simulator.
 * The load generator runs in a child process.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { loadConfig } from '../core/config/loadConfig.js';
import { DEMO_NIP, GatewayApp } from '../core/di/GatewayApp.js';
import type { RestPlugin } from '../plugins/rest/RestPlugin.js';

const args = process.argv.slice(2);
const arg = (name: string, def: string): string => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : def);
const RATES = arg('rates', '100,200,400').split(',').map(Number);
const SECONDS = Number(arg('seconds', '10'));
const LINES = Number(arg('lines', '10'));
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

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gw-bench-rest-'));
  writeFileSync(join(dir, 'gw.yaml'), [
    'ksef: { simulator: { enabled: true, rateLimits: "off" } }', 'admin: { enabled: false }', 'log: { level: warn }',
    `contexts: [{ nip: "${DEMO_NIP}" }]`,
    'plugins: [{ use: rest, id: api, options: { port: 0, limits: { requestsPerSecond: 100000 } } }]',
  ].join('\n'));
  const env = { ...process.env, KSEF_GATEWAY_DATA_DIR: dir, KSEF_SCHEMAS_DIR: process.env.KSEF_SCHEMAS_DIR ?? join(SHARED, 'schemas'), KSEF_GATEWAY_CONFIG: '' };
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
  console.log(`REST bench: ${LINES}-line FA(3) XML invoices of ${Buffer.byteLength(xml)} bytes, XSD + rules on, ${SECONDS} s per rate, node ${process.version}`);

  let n = 0;
  const run = async (label: string, opts: { overallRate?: number; connections: number }): Promise<void> => {
    // The load comes from another process, so its event loop does not share the gateway's.
    const child = fork(fileURLToPath(import.meta.url), ['--client'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const cpu = process.cpuUsage();
    child.send({ url: rest.url, key, xml, seconds: SECONDS, first: n, ...opts });
    const r = await new Promise<{ stored: number; other: number; times: number[]; sent: number }>((res) => child.once('message', (m) => res(m as never)));
    n += r.sent;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000 / Math.max(1, r.stored);
    const times = r.times.sort((a, b) => a - b);
    // The machine may be shared: the 1-minute load average says how much of it the figures had.
    console.log(`${label.padEnd(22)} load ${loadavg()[0].toFixed(2)}  stored ${(r.stored / SECONDS).toFixed(0).padStart(5)}/s  p50 ${pct(times, 50).toFixed(1).padStart(6)} ms  p95 ${pct(times, 95).toFixed(1).padStart(6)} ms  p99 ${pct(times, 99).toFixed(1).padStart(6)} ms  CPU ${cpuMs.toFixed(2)} ms/invoice  (${r.stored} x 202, ${r.other} other)`);
  };
  for (const rate of RATES) await run(`fixed ${rate} req/s`, { overallRate: rate, connections: Math.max(16, Math.ceil(rate / 4)) });
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
}

/** The load generator (a child process): autocannon at the parent's settings, every request a new invoice. */
async function client(): Promise<void> {
  const o = await new Promise<{ url: string; key: string; xml: string; seconds: number; first: number; overallRate?: number; connections: number }>(
    (res) => process.once('message', (m) => res(m as never)));
  const times: number[] = [];
  let stored = 0;
  let other = 0;
  let n = o.first;
  let finished!: () => void;
  const ended = new Promise<void>((r) => { finished = r; });
  const instance = autocannon({
    url: o.url, duration: o.seconds, connections: o.connections, ...(o.overallRate ? { overallRate: o.overallRate } : {}),
    requests: [{
      method: 'POST',
      setupRequest: (req) => {
        n += 1;
        return { ...req, path: `/v1/invoices?erpId=B-${n}`, body: o.xml.replace(/<P_2>[^<]*<\/P_2>/, `<P_2>BENCH/${n}</P_2>`),
          headers: { authorization: `Bearer ${o.key}`, 'content-type': 'application/xml', 'idempotency-key': `bench-${n}` } };
      },
    }],
  }, () => finished());
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    times.push(ms);
    if (status === 202) stored += 1; else other += 1;
  });
  await ended;
  process.send!({ stored, other, times, sent: n - o.first });
  process.disconnect();
}

(process.argv.includes('--client') ? client() : main()).catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
