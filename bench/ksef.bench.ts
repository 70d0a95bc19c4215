/**
 * KSeF client benchmark (npm run bench:ksef):
 * 1. build and encrypt a batch package of 10,000 invoices (ZIP, split, AES per part): invoices/s and peak RSS;
 * 2. online sends per second against the local simulator (in this process, rate limits off).
 * The invoices are generated lazily from an MF sample, each with its own P_2, so the input is never all in memory.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildArchive } from '../core/ksef/batch/buildArchive.js';
import { encryptParts } from '../core/ksef/batch/encryptParts.js';
import { newSymmetricKey } from '../core/ksef/crypto/aesCbc.js';
import { KsefClient } from '../core/ksef/KsefClient.js';
import { KsefTokenAuth } from '../core/ksef/auth/KsefTokenAuth.js';

const SHARED = resolve(process.env.KSEF_SHARED_DIR ?? join(process.cwd(), '..', 'shared'));
const SAMPLE = readFileSync(join(SHARED, 'ksef', 'samples', 'fa3', 'FA_3_Przyklad_1.xml'), 'utf8');
const N_BATCH = Number(process.env.BENCH_BATCH_INVOICES ?? 10_000);
const N_ONLINE = Number(process.env.BENCH_ONLINE_INVOICES ?? 1_000);
const CONCURRENCY = Number(process.env.BENCH_ONLINE_CONCURRENCY ?? 8);

const invoice = (i: number): Uint8Array => Buffer.from(SAMPLE.replace(/<P_2>[^<]*<\/P_2>/, `<P_2>BENCH/${i}</P_2>`), 'utf8');
const rssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

async function* lazyInvoices(n: number) {
  for (let i = 0; i < n; i++) yield { fileName: `fa-${i}.xml`, bytes: invoice(i) };
}

async function benchBatchPackage(format: 'zip' | 'tar.gz'): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'ksef-bench-'));
  try {
    const before = rssMb();
    const t0 = performance.now();
    const archive = await buildArchive(lazyInvoices(N_BATCH), format, dir);
    const t1 = performance.now();
    const parts = await encryptParts(archive, newSymmetricKey(), dir);
    const t2 = performance.now();
    const secs = (t2 - t0) / 1000;
    console.log(`batch package: ${N_BATCH} invoices (${(SAMPLE.length / 1024).toFixed(1)} KB each) -> ${format} ${(archive.size / 1e6).toFixed(2)} MB, ${parts.length} part(s)`);
    console.log(`  build ${((t1 - t0) / 1000).toFixed(2)} s, encrypt ${((t2 - t1) / 1000).toFixed(2)} s, total ${secs.toFixed(2)} s = ${Math.round(N_BATCH / secs)} invoices/s`);
    console.log(`  peak RSS ${rssMb()} MB (before: ${before} MB)`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The simulator in its own process, so that the figure is the client's and both cores are used. */
async function simulatorProcess(): Promise<{ baseUrl: string; token: string; stop(): void }> {
  const entry = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), '..', 'adapters', 'ksef-simulator', 'startSimulator.js')).href;
  const script = `const { startSimulator } = await import(${JSON.stringify(entry)});
    const sim = await startSimulator({ rateLimits: 'off', processingDelayMs: 10 });
    const t = sim.createToken({ nip: '9999999999', permissions: ['InvoiceWrite'] });
    process.stdout.write(JSON.stringify({ baseUrl: sim.baseUrl, token: t.token }) + '\\n');`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  const { baseUrl, token } = JSON.parse(line) as { baseUrl: string; token: string };
  return { baseUrl, token, stop: () => child.kill() };
}

async function benchOnline(): Promise<void> {
  const sim = await simulatorProcess();
  const client = new KsefClient({ baseUrl: sim.baseUrl, contextNip: '9999999999', auth: new KsefTokenAuth(sim.token), rateLimits: 'off', authPollIntervalMs: 20 });
  try {
    await client.authenticate();
    const session = await client.openOnlineSession();
    const payloads = Array.from({ length: N_ONLINE }, (_, i) => invoice(1_000_000 + i));
    await client.sendOnlineInvoice(session, invoice(999_999)); // warm-up: connection, JIT
    let next = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < payloads.length) await client.sendOnlineInvoice(session, payloads[next++]);
    }));
    const secs = (performance.now() - t0) / 1000;
    console.log(`online: ${N_ONLINE} sends, concurrency ${CONCURRENCY}: ${secs.toFixed(2)} s = ${Math.round(N_ONLINE / secs)} sends/s (simulator in a separate process, rate limits off)`);
    await client.closeOnlineSession(session);
  } finally {
    await client.close();
    sim.stop();
  }
}

await benchBatchPackage('zip');
await benchBatchPackage('tar.gz');
await benchOnline();
