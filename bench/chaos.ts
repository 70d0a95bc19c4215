/**
 * `npm run chaos [-- --invoices 5000] [-- --instances 3] [-- --kill-every-ms 4000] [-- --no-pg-restart]`: several
 * `ksef-gateway start` instances on one PostgreSQL schema, fed through folder inboxes, against the simulator in its
 * own process with production rate limits and injected faults (5xx, 429 bursts, dropped connections, lost answers,
 * latency). A random instance is SIGKILLed and restarted every few seconds; PostgreSQL itself is restarted once.
 * At the end the simulator's own record is checked: each invoice held exactly once, every ERP outcome naming the KSeF
 * number KSeF holds, nothing lost, stuck or reported rejected while KSeF holds it. Exits 1 when a check fails.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ChaosProcess, rssMb } from './chaos/ChaosProcess.js';
import { chaosVerdict, type FedInvoice } from './chaos/chaosVerdict.js';
import { benchInvoice } from './support/benchInvoice.js';

const args = process.argv.slice(2);
const arg = (name: string, def: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const INVOICES = arg('invoices', 5_000);
const INSTANCES = arg('instances', 3);
const KILL_EVERY_MS = arg('kill-every-ms', 4_000);
const TIMEOUT_MS = arg('timeout-s', 1_500) * 1_000;
const URGENT_EVERY = arg('urgent-every', 50); // one invoice in 50 goes online at once
const PG_RESTART = !args.includes('--no-pg-restart');
const NIPS = ['5265877635', '7010002116'];

const CLI = resolve(fileURLToPath(new URL('../bin/ksef-gateway.js', import.meta.url)));
const PG_URL = process.env.KSEF_GATEWAY_PG_URL ?? process.env.KSEF_GATEWAY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const log = (line: string): void => { process.stderr.write(`[chaos ${new Date().toISOString().slice(11, 19)}] ${line}\n`); };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface SimulatorLimits {
  rateLimitRefusals: Record<string, number>;
  rateLimitPeakUse: Record<string, { used: number; limit: number }>;
}

async function startSimulator(dataDir: string): Promise<{ baseUrl: string; stop(): Promise<SimulatorLimits>; pid: number | undefined }> {
  const child = spawn(process.execPath, [CLI, 'simulator', 'start', '--port', '0', '--data-dir', dataDir, '--rate-limits', 'production',
    '--processing-delay-ms', '300', '--fault-5xx', '0.05', '--fault-429', '0.005', '--fault-429-burst-ms', '2000',
    '--fault-drop', '0.01', '--fault-drop-after', '0.01', '--fault-lost-response', '0.01', '--fault-latency-ms', '20'],
  { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, KSEF_GATEWAY_LOG_LEVEL: 'error' } });
  let out = '';
  const baseUrl = await new Promise<string>((ok, fail) => {
    child.stdout.on('data', (b) => { out += String(b); if (out.includes('\n')) ok(out.split('\n')[0].trim()); });
    child.once('exit', (code) => fail(new Error(`simulator exited with ${code}`)));
  });
  // On SIGTERM the simulator's last stdout line counts the requests it refused for going over KSeF's limits, and the
  // most it admitted in one window of each limit.
  const stop = () => new Promise<SimulatorLimits>((ok) => {
    child.once('exit', () => {
      const last = out.trim().split('\n').pop() ?? '';
      ok(last.startsWith('{') ? JSON.parse(last) as SimulatorLimits : { rateLimitRefusals: {}, rateLimitPeakUse: {} });
    });
    child.kill('SIGTERM');
  });
  return { baseUrl, pid: child.pid, stop };
}

function config(work: string, n: number, schema: string, baseUrl: string): string {
  const file = join(work, `gateway-${n}.yaml`);
  const inbox = (kind: string) => [
    `  - use: folder-inbox`, `    id: ${kind}`, `    pollIntervalMs: 500`, `    options:`,
    `      inbox: ${join(work, 'erp', kind)}`, `      processed: ${join(work, 'erp', 'processed')}`,
    `      failed: ${join(work, 'erp', 'failed')}`, `      outcomes: ${join(work, 'erp', 'outcomes')}`,
    ...(kind === 'urgent' ? ['      urgent: true'] : []),
  ].join('\n');
  writeFileSync(file, [
    `instanceId: chaos-${n}`, `dataDir: ${join(work, `instance-${n}`)}`,
    'store:', '  kind: postgres', '  url: ${KSEF_GATEWAY_PG_URL}', `  schema: ${schema}`, '  poolSize: 4',
    'ksef:', `  baseUrl: ${baseUrl}`,
    'contexts:', ...NIPS.map((nip) => `  - nip: "${nip}"`),
    'scheduler:', '  batchMaxWaitMs: 10000',
    'admin:', '  enabled: false',
    'log:', '  level: warn',
    'plugins:', inbox('batch'), inbox('urgent'), '',
  ].join('\n'));
  return file;
}

function restartPostgres(): boolean {
  try {
    const cluster = execFileSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' }).trim().split('\n')[0].split(/\s+/);
    execFileSync('pg_ctlcluster', [cluster[0], cluster[1], 'restart'], { stdio: 'ignore' });
    return true;
  } catch (e) {
    log(`PostgreSQL restart failed: ${(e as Error).message}`);
    return false;
  }
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'ksef-chaos-'));
  const schema = `chaos_${randomBytes(4).toString('hex')}`;
  const masterKey = randomBytes(32).toString('base64');
  const env: NodeJS.ProcessEnv = { ...process.env, KSEF_GATEWAY_PG_URL: PG_URL, KSEF_GATEWAY_MASTER_KEY: masterKey };
  // The run's own configuration decides where KSeF is; a developer's KSeF variables must not leak into it.
  for (const k of ['KSEF_BASE_URL', 'KSEF_TOKEN', 'KSEF_NIP', 'KSEF_GATEWAY_CONFIG', 'KSEF_GATEWAY_DATA_DIR']) delete env[k];
  const simDir = join(work, 'simulator');
  const sim = await startSimulator(simDir);
  let simPeak = 0;
  log(`simulator at ${sim.baseUrl}; PostgreSQL schema ${schema}; work dir ${work}`);
  for (const d of ['batch', 'urgent', 'processed', 'failed', 'outcomes', 'staging']) mkdirSync(join(work, 'erp', d), { recursive: true });
  const configs = Array.from({ length: INSTANCES }, (_, i) => config(work, i + 1, schema, sim.baseUrl));

  for (const nip of NIPS) {
    const token = execFileSync(process.execPath, [CLI, 'simulator', 'token', 'create', '--nip', nip, '--permissions', 'InvoiceWrite,InvoiceRead',
      '--data-dir', simDir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    execFileSync(process.execPath, [CLI, 'token', 'add', '--nip', nip, '--config', configs[0]], { input: `${token}\n`, env, stdio: ['pipe', 'ignore', 'inherit'] });
  }

  const instances = configs.map((file, i) => new ChaosProcess(`instance-${i + 1}`, [CLI, 'start', '--config', file], env, log));
  for (const p of instances) p.start();

  const fed: FedInvoice[] = [];
  const run = randomBytes(3).toString('hex');
  const started = Date.now();
  const feeding = (async () => {
    for (let i = 0; i < INVOICES; i++) {
      const nip = NIPS[i % NIPS.length];
      const f = { erpId: `CH-${run}-${i}`, number: `CH/${run}/${i}`, nip };
      const staged = join(work, 'erp', 'staging', `${f.erpId}.xml`);
      writeFileSync(staged, benchInvoice(nip, f.number, 3 + (i % 8)));
      // Written under another name, then renamed in: the inbox never sees a half file.
      renameSync(staged, join(work, 'erp', i % URGENT_EVERY === 0 ? 'urgent' : 'batch', `${f.erpId}.xml`));
      fed.push(f);
      if (i % 100 === 99) await sleep(50);
    }
    log(`fed ${INVOICES} invoices`);
  })();

  const sampler = setInterval(() => {
    for (const p of instances) p.sample();
    simPeak = Math.max(simPeak, rssMb(sim.pid));
  }, 500);
  let pgRestarts = 0;
  let lastKill = Date.now();
  const outcomes = join(work, 'erp', 'outcomes');
  const delivered = (): number => readdirSync(outcomes).filter((n) => n.endsWith('.json')).length;
  let drainedAt: number | undefined;
  while (Date.now() - started < TIMEOUT_MS) {
    await sleep(250);
    for (const p of instances) if (!p.alive && Date.now() - lastKill > 1_000) p.start();
    const done = delivered();
    if (fed.length === INVOICES && done >= INVOICES) {
      drainedAt = Date.now();
      break;
    }
    if (Date.now() - lastKill >= KILL_EVERY_MS * (0.5 + Math.random())) {
      const victim = instances[Math.floor(Math.random() * instances.length)];
      victim.kill();
      lastKill = Date.now();
      log(`SIGKILL ${victim.name} (${done}/${INVOICES} outcomes)`);
    }
    if (PG_RESTART && pgRestarts === 0 && done >= INVOICES / 3) {
      log('restarting PostgreSQL');
      if (restartPostgres()) pgRestarts += 1;
    }
  }
  await feeding;
  clearInterval(sampler);
  log(drainedAt ? 'drained; stopping instances' : `timed out with ${delivered()}/${INVOICES} outcomes`);
  await Promise.all(instances.map((p) => p.stop()));
  const { rateLimitRefusals: limitRefusals, rateLimitPeakUse } = await sim.stop();

  const verdict = chaosVerdict(simDir, outcomes, fed);
  const figures = {
    invoices: INVOICES, instances: INSTANCES, kills: instances.reduce((n, p) => n + p.kills, 0), postgresRestarts: pgRestarts,
    urgentShare: `1 in ${URGENT_EVERY}`,
    submissionsPerInvoice: verdict.submissionsPerInvoice, duplicates440: verdict.duplicates440,
    // Requests KSeF refused for going over its limits (not the injected 429s): instances that share one budget per
    // context and per IP through PostgreSQL keep this at 0.
    limitRefusals,
    // The busiest window of each limit the run came near (half or more): at the limit with no refusals, the instances
    // used their shared budget up and stayed inside it.
    limitPeakUse: Object.fromEntries(Object.entries(rateLimitPeakUse).filter(([, p]) => p.used * 2 >= p.limit).map(([k, p]) => [k, `${p.used}/${p.limit}`])),
    drainSeconds: drainedAt ? +((drainedAt - started) / 1000).toFixed(1) : null,
    peakRssMb: Object.fromEntries(instances.map((p) => [p.name, Math.round(p.peakRssMb)])), simulatorPeakRssMb: Math.round(simPeak),
    heldTwice: verdict.heldTwice.length, notHeld: verdict.notHeld.length, noOutcome: verdict.noOutcome.length,
    wrongKsefNumber: verdict.wrongNumber.length, rejectedWhileHeld: verdict.rejectedButHeld.length,
    passed: verdict.passed && drainedAt !== undefined,
  };
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  for (const [what, list] of Object.entries({ heldTwice: verdict.heldTwice, notHeld: verdict.notHeld, noOutcome: verdict.noOutcome,
    wrongKsefNumber: verdict.wrongNumber, rejectedWhileHeld: verdict.rejectedButHeld })) {
    if (list.length > 0) log(`${what}: ${list.slice(0, 10).join(', ')}${list.length > 10 ? ', ...' : ''}`);
  }
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect().then(() => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)).finally(() => client.end()).catch(() => undefined);
  if (figures.passed) rmSync(work, { recursive: true, force: true });
  else log(`kept ${work} for inspection`);
  process.exitCode = figures.passed ? 0 : 1;
}

await main();
