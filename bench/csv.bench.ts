/**
 * `npm run bench:csv [-- --rows 100000] [-- --lines 10] [-- --concurrency 64] [-- --heap-mb 1024] [-- --heap-growth-percent 50]`: a CSV export of `rows` rows (`lines` rows per invoice,
 * Polish number and date formats, Windows-1250) written to disk, then
 *   1. read: file -> invoice drafts with sources (decode, parse, map, group), nothing else;
 *   2. queued: in a gateway process of its own, the csv plugin takes the file from its inbox and hands every invoice
 *      to the gateway (draft completion, FA(3) build, XSD + rules on the validation threads, SQLite outbox) until
 *      each has its receipt.
 * Prints rows/s and invoices/s of each phase, the CPU seconds it took (all threads) and rows per CPU-second, the peak
 * RSS of the process of each phase (sampled every 20 ms) and the load average (the machine may be shared: the wall-clock figures
 * then fall, the CPU figures much less).
 */
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { once } from 'node:events';
import iconv from 'iconv-lite';
import { pino } from 'pino';
import { loadConfig } from '../core/config/loadConfig.js';
import { GatewayApp } from '../core/di/GatewayApp.js';
import { DocumentIntakeToken } from '../core/plugins/DocumentIntake.js';
import { CsvInbox } from '../plugins/csv/CsvInbox.js';
import { csvFolders } from '../plugins/csv/CsvFolders.js';
import { csvOptionsSchema } from '../plugins/csv/CsvOptions.js';
import { loadMapping } from '../plugins/csv/mapping/loadMapping.js';
import { readInvoices } from '../plugins/csv/reading/readInvoices.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const ROWS = arg('--rows', 100_000);
const LINES = arg('--lines', 10);
const CONCURRENCY = arg('--concurrency', 0); // 0: the plugin's default
// --heap-mb N: the gateway process runs with node --max-old-space-size=N (docs/config.md, "Memory"); 0: Node's default.
const HEAP_MB = arg('--heap-mb', 0);
// --heap-growth-percent N: the gateway's memory.heapGrowthPercent (default: the config's default); 0: V8 decides.
const HEAP_GROWTH = arg('--heap-growth-percent', -1);
const SELLER = '5265877635';

let peakRss = 0;
const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage.rss()); }, 20);
const mb = (b: number) => `${Math.round(b / 1024 / 1024)} MB`;
/** CPU seconds of every thread of the process (the validation threads included) since `since`. */
const cpuOf = (since: NodeJS.CpuUsage) => { const u = process.cpuUsage(since); return (u.user + u.system) / 1e6; };
const cpuFigures = (since: NodeJS.CpuUsage) => { const c = cpuOf(since); return `CPU ${c.toFixed(1)} s (${Math.round(ROWS / c)} rows per CPU-second)`; };

async function writeExport(path: string): Promise<void> {
  const out = createWriteStream(path);
  const write = async (text: string) => { if (!out.write(iconv.encode(text, 'windows-1250'))) await once(out, 'drain'); };
  const stamp = Date.now().toString(36);
  await write('document_id;number;issue_date;seller_nip;seller_name;seller_address1;seller_address2;buyer_nip;buyer_name;buyer_address1;buyer_address2;payment_method;due_date;line_name;quantity;unit;unit_price;vat_rate\r\n');
  const today = new Date();
  const date = `${String(today.getDate()).padStart(2, '0')}.${String(today.getMonth() + 1).padStart(2, '0')}.${today.getFullYear()}`;
  for (let r = 0; r < ROWS; r++) {
    const inv = Math.floor(r / LINES);
    const price = `${1 + ((r * 7919) % 9000)},${String(r % 100).padStart(2, '0')}`;
    const rate = ['23', '8', '5', 'zw'][r % 4 === 3 ? 0 : r % 3];
    await write(`B${stamp}-${inv};FV/${stamp}/${inv};${date};${SELLER};Hurtownia Północ Sp. z o.o.;ul. Portowa 7;81-001 Gdynia;PL7352765225;Sklep Łódź;ul. Piotrkowska 100;90-001 Łódź;przelew;${date};Towar ${r} "żółty";${1 + (r % 5)};szt.;${price};${rate}\r\n`);
  }
  out.end();
  await once(out, 'finish');
}

/** Where everything of one run lives: the gateway's data, its CSV folders and the export. */
function setup(dir: string) {
  // The official schemas, as a gateway after `schemas install` has them: without them validation is rules only.
  const schemasDir = process.env.KSEF_SCHEMAS_DIR ?? join(process.env.KSEF_SHARED_DIR ?? join(process.cwd(), '..', 'shared'), 'ksef', 'schemas');
  if (!existsSync(join(schemasDir, 'fa3'))) throw new Error(`FA(3) schemas not found in ${schemasDir}: set KSEF_SCHEMAS_DIR`);
  const env = { ...process.env, KSEF_GATEWAY_DATA_DIR: dir, KSEF_GATEWAY_CONFIG: '', KSEF_GATEWAY_ADMIN_PORT: '0', KSEF_SCHEMAS_DIR: schemasDir };
  const options = csvOptionsSchema.parse({ inbox: join(dir, 'in'), take: { when: 'renamed' }, ...(CONCURRENCY > 0 && { concurrency: CONCURRENCY }) });
  const folders = csvFolders(options, join(dir, 'plugins', 'csv'));
  return { env, options, folders, file: join(dir, 'export.csv') };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-csv-'));
  const { folders, file } = setup(dir);
  mkdirSync(folders.inbox, { recursive: true });
  await writeExport(file);
  const mapping = await loadMapping();

  const rssBefore = process.memoryUsage().rss;
  peakRss = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let invoices = 0;
  let errors = 0;
  for await (const invoice of readInvoices({ layout: 'lines', file }, mapping)) { invoices += 1; if (invoice.errors.length) errors += 1; }
  const s = (performance.now() - t0) / 1000;
  console.log(`read   ${ROWS} rows, ${invoices} invoices (${errors} with errors) in ${s.toFixed(2)} s: ${Math.round(ROWS / s)} rows/s, ${Math.round(invoices / s)} invoices/s; ${cpuFigures(cpu0)}; peak RSS ${mb(peakRss)} (before: ${mb(rssBefore)})`);

  // The gateway's phase runs in a process of its own, as `ksef-gateway start` would: its peak RSS is the gateway's,
  // not that of this process, which generated the export and read it once already.
  clearInterval(sampler);
  const child = fork(fileURLToPath(import.meta.url), [...args, '--queued', dir],
    { stdio: 'inherit', execArgv: [...process.execArgv, ...(HEAP_MB > 0 ? [`--max-old-space-size=${HEAP_MB}`] : [])] });
  const [code] = await once(child, 'exit') as [number | null];
  rmSync(dir, { recursive: true, force: true });
  if (code !== 0) throw new Error(`the queued phase exited with ${code}`);
}

/** The queued phase, in the child: a gateway with the CSV plugin takes the export from its inbox. */
async function queued(dir: string): Promise<void> {
  const { env, options, folders, file } = setup(dir);
  const mapping = await loadMapping();
  const loaded = loadConfig({ embedded: true, env });
  if (HEAP_GROWTH >= 0) loaded.config.memory.heapGrowthPercent = HEAP_GROWTH;
  const app = await GatewayApp.create({ loaded, env, connect: false, logDestination: pino.destination(2) });
  const intake = app.container.get(DocumentIntakeToken);
  const states = new Map<string, number>();
  const plugin = new CsvInbox({
    folders, mapping, options, logger: pino({ level: 'warn' }), clock: { now: () => new Date() },
    submit: async (doc) => { const r = await intake.submit('csv', doc); states.set(r.state, (states.get(r.state) ?? 0) + 1); return r; },
  });
  await plugin.start();
  const { rename } = await import('node:fs/promises');
  await rename(file, join(folders.inbox, 'export.csv'));
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await plugin.poll();
  const s = (performance.now() - t0) / 1000;
  const invoices = [...states.values()].reduce((a, b) => a + b, 0);
  console.log(`queued ${ROWS} rows, ${invoices} invoices in ${s.toFixed(2)} s: ${Math.round(ROWS / s)} rows/s, ${Math.round(invoices / s)} invoices/s; ${cpuFigures(cpu0)}, all threads; receipts ${JSON.stringify(Object.fromEntries(states))}; peak RSS of the gateway process ${mb(peakRss)} (${mb(rssBefore)} when the file arrived; JS heap limit ${mb(getHeapStatistics().heap_size_limit)}, heap growth ${app.config.memory.heapGrowthPercent}%)`);
  const m = process.memoryUsage();
  console.log(`after queued: RSS ${mb(m.rss)}, JS heap used ${mb(m.heapUsed)} of ${mb(m.heapTotal)}, external ${mb(m.external)} (worker threads and SQLite live outside the JS heap)`);
  console.log(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (other work on the machine slows the wall-clock figures)`);
  await app.stop();
  clearInterval(sampler);
}

const queuedAt = args.indexOf('--queued');
(queuedAt >= 0 ? queued(args[queuedAt + 1]) : main()).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
