/**
 * Console benchmark (npm run bench:console): a SQLite store seeded with BENCH_CONSOLE_DOCS documents (default
 * 1,000,000: three contexts, six months, mostly delivered, some queued, rejected and invalid under a few error codes),
 * then each console page requested over HTTP by a signed-in operator, as a browser would. Prints p50/p95/max per page;
 * the target is under 300 ms a page. The seed goes through SQL directly (with the store's own triggers and indexes
 * live), because admitting a million documents through the pipeline would take the benchmark's whole budget.
 * BENCH_CONSOLE_FILE=<path> keeps (or reuses) the seeded file.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteConsoleStore } from '../adapters/sqlite-store/SqliteConsoleStore.js';
import { SqliteSubmissionStore } from '../adapters/sqlite-store/SqliteSubmissionStore.js';
import { AdminServer } from '../core/admin/AdminServer.js';
import { PromMetrics } from '../core/admin/PromMetrics.js';
import { ConsoleServer } from '../core/console/ConsoleServer.js';
import { hashPassword } from '../core/console/passwords.js';

const N = Number(process.env.BENCH_CONSOLE_DOCS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_CONSOLE_RUNS ?? 15);
const NIPS = ['5265877635', '1111111111', '7010002137'];
const CODES = ['FA3_P15_MISMATCH', 'FA3_NIP_CHECKSUM', 'GW_DRAFT_INVALID_RATE', '450', '440'];
const DAY = 86_400_000;
const PASSWORD = 'bench-password-123';

function seed(file: string): void {
  new SqliteSubmissionStore(file).close().catch(() => undefined);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const insert = db.prepare(`INSERT INTO documents (id, source, erp_id, state, context_nip, seller_nip, invoice_kind, invoice_number, issue_date,
    invoice_hash, invoice_size, ksef_number, errors, created_at, updated_at) VALUES (?, 'erp', ?, ?, ?, ?, 'VAT', ?, ?, ?, 3000, ?, ?, ?, ?)`);
  const xml = db.prepare('INSERT INTO document_xml (id, xml) VALUES (?, ?)');
  const start = Date.now() - 180 * DAY;
  const t0 = performance.now();
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i += 1) {
      const id = `d${i.toString().padStart(8, '0')}-${randomBytes(4).toString('hex')}`;
      const nip = NIPS[i % 3]!;
      const created = start + Math.floor((i / N) * 180 * DAY);
      const r = (i * 7919) % 1000;
      const state = r < 30 ? 'invalid' : r < 50 ? 'rejected' : r < 80 ? 'queued' : r < 100 ? 'accepted' : 'delivered';
      const failedDelivered = state === 'delivered' && r < 120;
      const ksef = (state === 'accepted' || (state === 'delivered' && !failedDelivered)) ? `${nip}-20260101-${i.toString(16).toUpperCase().padStart(12, '0')}-00` : null;
      const errors = state === 'invalid' || state === 'rejected' || failedDelivered
        ? JSON.stringify([{ code: CODES[i % CODES.length], message: `bench error ${i % 97}`, location: 'Fa/P_15' }]) : '[]';
      const day = new Date(created).toISOString().slice(0, 10);
      insert.run(id, `ERP-${i}`, state, nip, nip, `FV/${day}/${i}`, day, `h${i}`, ksef, errors, created, created + 60_000);
      if (i % 1000 === 0) xml.run(id, Buffer.from(`<Faktura>${i}</Faktura>`));
    }
  });
  for (let i = 0; i < N; i += 50_000) {
    batch(i, Math.min(N, i + 50_000));
    process.stdout.write(`\r  seeded ${Math.min(N, i + 50_000).toLocaleString('en')} documents`);
  }
  db.exec('ANALYZE');
  db.close();
  console.log(`\n  seed: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

async function main(): Promise<void> {
  const keep = process.env.BENCH_CONSOLE_FILE;
  const dir = keep ? undefined : mkdtempSync(join(tmpdir(), 'bench-console-'));
  const file = keep ?? join(dir!, 'gateway.sqlite');
  console.log(`console benchmark: ${N.toLocaleString('en')} documents in SQLite (${file}), ${RUNS} requests per page`);
  if (!existsSync(file)) seed(file);
  const submissions = new SqliteSubmissionStore(file);
  const consoleStore = new SqliteConsoleStore(file);
  await consoleStore.putUser({ username: 'bench', passwordHash: await hashPassword(PASSWORD), role: 'operator', now: Date.now() });
  const server = new ConsoleServer({
    store: consoleStore, documents: submissions, upo: (d) => submissions.getUpo(d.id), retry: async () => { throw new Error('not in the benchmark'); },
    contexts: () => NIPS.map((nip) => ({ nip, method: 'token' as const })), credentials: async () => [],
    options: { language: 'en', sessionMinutes: 60, lockout: { attempts: 5, lockMinutes: 15 }, cookieSecure: 'auto', allowRemote: false },
  });
  const admin = new AdminServer({ host: '127.0.0.1', port: 0, registry: new PromMetrics({ processMetrics: false }).registry,
    health: async () => ({ status: 'up', checks: {} }), console: server });
  const { url } = await admin.listen();
  try {
    const cookie = await signIn(url);
    const get = async (path: string): Promise<string> => {
      const res = await fetch(url + path, { headers: { cookie }, redirect: 'manual' });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      return body;
    };
    const mid = Math.floor(N / 2);
    const probe = await get(`/console/documents?erpId=ERP-${mid}`);
    const docId = /\/console\/documents\/(d[0-9a-f-]+)"/.exec(probe)![1]!;
    const first = await get(`/console/documents?context=${NIPS[1]}&state=delivered`);
    const next = /href="([^"]+)" rel="next"/.exec(first)![1]!.replace(/&amp;/g, '&');
    const day = new Date(Date.now() - 90 * DAY).toISOString().slice(0, 10);
    const pages: [string, string][] = [
      ['overview', '/console'],
      ['documents, newest', '/console/documents'],
      ['by ERP id', `/console/documents?erpId=ERP-${mid}`],
      ['by invoice number (none)', '/console/documents?invoiceNumber=FV%2Fnone'],
      ['by KSeF number (none)', `/console/documents?ksefNumber=${NIPS[0]}-20260101-FFFFFFFFFFFF-00`],
      ['by context + state', `/console/documents?context=${NIPS[1]}&state=delivered`],
      ['... its next page (keyset)', next],
      ['by state: rejected', '/console/documents?state=rejected'],
      ['by context + one day', `/console/documents?context=${NIPS[2]}&from=${day}&to=${day}`],
      ['document page', `/console/documents/${docId}`],
      ['rejections by code', '/console/failures'],
      ['one code, first page', `/console/failures/${CODES[0]}`],
      ['audit log', '/console/audit'],
    ];
    console.log(`  ${'page'.padEnd(30)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'max'.padStart(8)}   (ms)`);
    let worst = 0;
    for (const [label, path] of pages) {
      await get(path);
      const times: number[] = [];
      for (let i = 0; i < RUNS; i += 1) {
        const t0 = performance.now();
        await get(path);
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
      worst = Math.max(worst, p(0.95));
      console.log(`  ${label.padEnd(30)} ${p(0.5).toFixed(1).padStart(8)} ${p(0.95).toFixed(1).padStart(8)} ${times.at(-1)!.toFixed(1).padStart(8)}`);
    }
    console.log(`  worst p95 ${worst.toFixed(1)} ms: ${worst < 300 ? 'within' : 'OVER'} the 300 ms target`);
  } finally {
    await admin.close();
    await consoleStore.close();
    await submissions.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

async function signIn(url: string): Promise<string> {
  const login = await fetch(`${url}/console/login`);
  const loginCookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await login.text())![1]!;
  const res = await fetch(`${url}/console/login`, { method: 'POST', redirect: 'manual', headers: { cookie: loginCookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, username: 'bench', password: PASSWORD }).toString() });
  const session = res.headers.getSetCookie().find((c) => c.startsWith('ksefgw_console='));
  if (!session) throw new Error('sign-in failed');
  return session.split(';')[0]!;
}

await main();
