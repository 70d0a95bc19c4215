import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { mutatedDocument } from '../scripts/fuzz/mutateDocument.js';
import { oddInboxFile } from '../scripts/fuzz/oddInboxFile.js';
import { rssMb } from './chaos/ChaosProcess.js';

/**
 * `npm run bench:inbox-memory [-- --files 500 --idle 60 --seed 1]`: the hostile inbox run of issue 24 as a whole
 * process. A built gateway (`start`, in-process simulator, folder inbox) takes mutated samples, huge documents and
 * odd files; its RSS is sampled from /proc while it works and for `--idle` seconds after the inbox is empty.
 * Prints peak RSS, RSS when drained and RSS after idling, so that memory held after a burst is seen, not guessed.
 */
const { values } = parseArgs({ options: { files: { type: 'string', default: '500' }, idle: { type: 'string', default: '60' }, seed: { type: 'string', default: '24' } } });
const shared = resolve(process.env.KSEF_SHARED_DIR ?? join(process.cwd(), '..', 'shared'));
const samplesDir = join(shared, 'ksef', 'samples', 'fa3');
const samples = readdirSync(samplesDir).filter((f) => f.endsWith('.xml')).map((f) => readFileSync(join(samplesDir, f)));
const bin = resolve('dist/bin/ksef-gateway.js');

const dir = mkdtempSync(join(tmpdir(), 'inbox-memory-'));
const inbox = join(dir, 'inbox');
mkdirSync(inbox, { recursive: true });
const config = join(dir, 'gw.yaml');
writeFileSync(config, [
  `dataDir: ${JSON.stringify(dir)}`,
  'ksef: { simulator: { enabled: true, rateLimits: "off" } }',
  'scheduler: { batchMaxWaitMs: 1000 }',
  'admin: { enabled: false }',
  `plugins: [{ use: folder-inbox, id: inbox, pollIntervalMs: 200, options: { inbox: ${JSON.stringify(inbox)}, stableForMs: 0 } }]`,
  '',
].join('\n'));

const child = spawn(process.execPath, [bin, 'start', '--config', config], {
  env: { ...process.env, KSEF_SCHEMAS_DIR: join(shared, 'ksef', 'schemas'), KSEF_GATEWAY_LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const sleep = (ms: number): Promise<void> => new Promise((ok) => setTimeout(ok, ms));
let peak = 0;
const sampler = setInterval(() => { peak = Math.max(peak, rssMb(child.pid)); }, 100);
await sleep(3_000);
const startedMb = rssMb(child.pid);

// The files: what the fuzz suite leaves in an inbox, plus a few 6 MB documents (the run that found the 830 MB).
const n = Number(values.files);
const odd = fc.sample(oddInboxFile(mutatedDocument(samples)), { numRuns: n, seed: Number(values.seed) });
const line = /<FaWiersz>[\s\S]*?<\/FaWiersz>/.exec(samples[0].toString('utf8'))?.[0] ?? '';
const huge = samples[0].toString('utf8').replace(line, line.repeat(Math.ceil(6_000_000 / Math.max(1, line.length))));
let written = 0;
odd.forEach((f, i) => {
  const path = join(inbox, `${i}-${f.name}`);
  try {
    if (f.kind === 'fifo') execFileSync('mkfifo', [path]);
    else if (f.kind === 'symlink') symlinkSync(join(dir, 'gw.yaml'), path);
    else if (f.kind === 'folder') mkdirSync(path);
    else writeFileSync(path, f.bytes);
    written++;
  } catch { /* a name the file system refuses is no input */ }
});
for (let i = 0; i < 5; i++) writeFileSync(join(inbox, `huge-${i}.xml`), huge);
written += 5;

// Drained: nothing left in the inbox but what is never taken (FIFOs, folders, links), for 3 s in a row.
const pending = (): number => readdirSync(inbox, { withFileTypes: true }).filter((e) => e.isFile()).length;
const t0 = Date.now();
let quiet = 0;
while (quiet < 3 && Date.now() - t0 < 15 * 60_000) {
  await sleep(1_000);
  quiet = pending() === 0 ? quiet + 1 : 0;
}
const drainedS = (Date.now() - t0) / 1000;
const drainedMb = rssMb(child.pid);
const idle: string[] = [];
for (let s = 10; s <= Number(values.idle); s += 10) {
  await sleep(10_000);
  idle.push(`${s} s: ${rssMb(child.pid).toFixed(0)} MB`);
}
clearInterval(sampler);
const left = pending();
child.kill('SIGTERM');
await new Promise((ok) => child.once('exit', ok));
rmSync(dir, { recursive: true, force: true });
process.stdout.write([
  `files written: ${written} (${n} odd or mutated, 5 of 6 MB); inbox drained in ${drainedS.toFixed(0)} s${left > 0 ? ` (NOT drained: ${left} files left)` : ''}`,
  `RSS: at start ${startedMb.toFixed(0)} MB, peak ${peak.toFixed(0)} MB, drained ${drainedMb.toFixed(0)} MB`,
  `RSS idle after drain: ${idle.join(', ')}`,
  '',
].join('\n'));
