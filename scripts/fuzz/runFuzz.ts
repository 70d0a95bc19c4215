import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { startSimulator } from '../../adapters/ksef-simulator/startSimulator.js';
import { Fa3XsdValidator } from '../../core/fa3/validation/Fa3XsdValidator.js';
import { fuzzHttp, fuzzReader, fuzzValidator, type Verdict } from './fuzzTargets.js';
import { malformedRequest } from './malformedRequest.js';
import { mutatedDocument } from './mutateDocument.js';

/**
 * `npm run fuzz [-- --inputs 100000 --requests 20000 --seed 1]`: the fuzz suite's targets for a long run. Prints,
 * per target, the inputs tried, typed answers, crashes and hangs over 2 s, and the peak RSS; exits 1 on any crash
 * or hang, listing how each was made.
 */
const { values } = parseArgs({ options: { inputs: { type: 'string', default: '100000' }, requests: { type: 'string', default: '20000' }, seed: { type: 'string' } } });
const shared = resolve(process.env.KSEF_SHARED_DIR ?? join(process.cwd(), '..', 'shared'));
const samples = readdirSync(join(shared, 'ksef', 'samples', 'fa3')).filter((f) => f.endsWith('.xml')).map((f) => readFileSync(join(shared, 'ksef', 'samples', 'fa3', f)));
const seed = values.seed ? Number(values.seed) : Date.now() % 2 ** 31;
const HANG_MS = 2_000;

interface Tally { inputs: number; valid: number; typed: number; crashes: number; hangs: number; slowestMs: number; failures: string[] }
const tally = (): Tally => ({ inputs: 0, valid: 0, typed: 0, crashes: 0, hangs: 0, slowestMs: 0, failures: [] });
let peakRss = process.memoryUsage().rss;

function count(t: Tally, v: Verdict, ms: number, how: string): void {
  t.inputs++;
  t.slowestMs = Math.max(t.slowestMs, ms);
  if (v.kind === 'crash') {
    t.crashes++;
    if (t.failures.length < 20) t.failures.push(`${how}: ${v.detail}`);
  } else t[v.kind]++;
  if (ms > HANG_MS) {
    t.hangs++;
    if (t.failures.length < 20) t.failures.push(`${how}: ${Math.round(ms)} ms`);
  }
  if (t.inputs % 50 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
}

const xsd = await Fa3XsdValidator.load(join(shared, 'ksef', 'schemas'));
const validator = tally();
const reader = tally();
const total = Number(values.inputs);
for (let done = 0; done < total; done += 500) {
  for (const m of fc.sample(mutatedDocument(samples), { numRuns: Math.min(500, total - done), seed: seed + done })) {
    let t = performance.now();
    count(validator, fuzzValidator(m.bytes, xsd), performance.now() - t, m.how);
    t = performance.now();
    count(reader, fuzzReader(m.bytes), performance.now() - t, m.how);
  }
  process.stderr.write(`\r${Math.min(done + 500, total)} / ${total} documents`);
}
xsd.dispose();

const http = tally();
const sim = await startSimulator({ processingDelayMs: 10 });
const requests = Number(values.requests);
for (let done = 0; done < requests; done += 500) {
  for (const raw of fc.sample(malformedRequest(), { numRuns: Math.min(500, requests - done), seed: seed + done })) {
    const t = performance.now();
    count(http, await fuzzHttp(sim.port, raw), performance.now() - t, JSON.stringify(raw.toString('latin1').slice(0, 120)));
  }
  process.stderr.write(`\r${Math.min(done + 500, requests)} / ${requests} requests   `);
}
const alive = await fuzzHttp(sim.port, Buffer.from('GET /v2/nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
await sim.close();
peakRss = Math.max(peakRss, process.memoryUsage().rss);

const row = (name: string, t: Tally): string =>
  `${name.padEnd(22)} ${String(t.inputs).padStart(8)} ${String(t.valid).padStart(8)} ${String(t.typed).padStart(8)} ${String(t.crashes).padStart(8)} ${String(t.hangs).padStart(6)} ${t.slowestMs.toFixed(0).padStart(8)}`;
process.stdout.write([
  '',
  `seed ${seed}`,
  `${'target'.padEnd(22)} ${'inputs'.padStart(8)} ${'valid'.padStart(8)} ${'typed'.padStart(8)} ${'crashes'.padStart(8)} ${'hangs'.padStart(6)} ${'max ms'.padStart(8)}`,
  row('validateFa3 (XSD)', validator), row('readFa3', reader), row('simulator HTTP', http),
  `simulator still serving afterwards: ${alive.kind === 'typed' ? 'yes' : `no (${JSON.stringify(alive)})`}`,
  `peak RSS: ${(peakRss / 1024 / 1024).toFixed(0)} MB`,
  ...[...validator.failures, ...reader.failures, ...http.failures].map((f) => `  ${f}`),
  '',
].join('\n'));
if (validator.crashes + reader.crashes + http.crashes + validator.hangs + reader.hangs + http.hangs > 0 || alive.kind !== 'typed') process.exitCode = 1;
