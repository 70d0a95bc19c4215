/**
 * Store benchmark (npm run bench:store): the outbox's hot path on SQLite and on PostgreSQL.
 * 1. ingest: admit (receive and settle as queued in one transaction, as SubmissionService does; 3 KB XML), 8 at a time;
 * 2. claim: two instances (two handles / two pools) with two workers each claim 50 at a time and assign them to a session
 *    until the queue is empty; checks that no document was taken twice;
 * 3. verdicts: accepted in transactions of 100 (transitionMany).
 * PostgreSQL from KSEF_GATEWAY_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test), in a schema dropped after.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PgSubmissionStore } from '../adapters/postgres-store/PgSubmissionStore.js';
import { SqliteSubmissionStore } from '../adapters/sqlite-store/SqliteSubmissionStore.js';
import type { SubmissionStore } from '../core/pipeline/ports/SubmissionStore.js';

const N = Number(process.env.BENCH_STORE_DOCS ?? 5_000);
const PG_URL = process.env.KSEF_GATEWAY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const NIP = '1111111111';
const XML = Buffer.alloc(3_000, 'x');

async function timed(label: string, n: number, work: () => Promise<void>): Promise<void> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await work();
  const s = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  console.log(`  ${label.padEnd(44)} ${Math.round(n / s).toString().padStart(7)} docs/s  (${s.toFixed(2)} s, node CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s)`);
}

async function inParallel(n: number, width: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < n) await task(next++);
  }));
}

async function run(name: string, a: SubmissionStore, b: SubmissionStore): Promise<void> {
  console.log(`${name}, ${N} documents`);
  await timed('ingest (admit as queued), 8 in flight', N, () => inParallel(N, 8, async (i) => {
    const id = `d${i}`;
    await a.admit({ id, source: 'erp', erpId: id, urgent: false, now: i, onKeyHeld: () => [{ code: 'HELD', message: 'held' }],
      verdict: { queued: { now: i, contextNip: NIP, xml: XML, invoiceHash: id, invoiceSize: XML.length,
        key: { sellerNip: NIP, invoiceKind: 'VAT', invoiceNumber: `FV/${i}` } } } });
  }));
  const seen = new Set<string>();
  let sessions = 0;
  await timed('claim 50 + assign, 2 instances x 2 workers', N, async () => {
    const worker = async (store: SubmissionStore, owner: string): Promise<void> => {
      for (;;) {
        const got = await store.claimQueued({ contextNip: NIP, limit: 50, owner, leaseMs: 600_000, now: N + 1 });
        if (got.length === 0) return;
        for (const d of got) {
          if (seen.has(d.id)) throw new Error(`${d.id} claimed twice`);
          seen.add(d.id);
        }
        await store.assignToSession(got.map((d) => d.id), `S${sessions++}`, owner, N + 2);
      }
    };
    await Promise.all([worker(a, 'a1'), worker(a, 'a2'), worker(b, 'b1'), worker(b, 'b2')]);
  });
  if (seen.size !== N) throw new Error(`claimed ${seen.size} of ${N}`);
  await timed('accepted, transitionMany of 100', N, async () => {
    for (let i = 0; i < N; i += 100) {
      await a.transitionMany(Array.from({ length: Math.min(100, N - i) }, (_, k) => ({
        id: `d${i + k}`, to: 'accepted' as const, patch: { now: N + 3, ksefNumber: `K${i + k}` } })));
    }
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'store-bench-'));
  const file = join(dir, 'gateway.db');
  const sa = new SqliteSubmissionStore(file);
  const sb = new SqliteSubmissionStore(file);
  try {
    await run('SQLite (WAL, one file, two handles)', sa, sb);
  } finally {
    await sa.close();
    await sb.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const schema = `ksefgw_bench_${randomBytes(4).toString('hex')}`;
  const pa = await PgSubmissionStore.open({ url: PG_URL, schema, max: 4 });
  const pb = await PgSubmissionStore.open({ url: PG_URL, schema, max: 4 });
  try {
    await run('PostgreSQL (two pools of 4)', pa, pb);
  } finally {
    await pa.close();
    await pb.close();
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
  }
}

await main();
