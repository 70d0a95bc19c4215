import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { SqlitePluginRecords } from '../../../adapters/sqlite-store/SqlitePluginRecords.js';
import { SqliteRateLimitStore } from '../../../adapters/sqlite-store/SqliteRateLimitStore.js';
import { SqliteSubmissionStore } from '../../../adapters/sqlite-store/SqliteSubmissionStore.js';
import { WalSync } from '../../../adapters/sqlite-store/WalSync.js';

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error('condition not met');
}

/** The connection an adapter writes through (private; read here only to ask SQLite how it commits). */
const synchronousOf = (adapter: object): number => (Reflect.get(adapter, 'db') as Database.Database).pragma('synchronous', { simple: true }) as number;
const FULL = 2;
const NORMAL = 1;

describe('SQLite commit durability', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gw-durable-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fsyncs every outbox commit (synchronous FULL): a power cut cannot take back a receipt given to the ERP or a send recorded before it happened', async () => {
    const store = new SqliteSubmissionStore(join(dir, 'gateway.sqlite'));
    try {
      expect(synchronousOf(store)).toBe(FULL);
    } finally {
      await store.close();
    }
  });

  it("resolves a plugin record's write only after an fsync of the WAL that began after its commit (off the event loop)", async () => {
    const records = new SqlitePluginRecords(join(dir, 'gateway.sqlite'));
    const storage = records.scoped('api');
    const fsyncs: { started: number; release: () => void }[] = [];
    // The adapter's own WalSync on the same -wal file, with an fsync this test releases by hand.
    Reflect.set(records, 'wal', new WalSync(join(dir, 'gateway.sqlite-wal'), async (handle) => {
      await new Promise<void>((release) => fsyncs.push({ started: Date.now(), release }));
      await handle.datasync();
    }));
    try {
      expect(synchronousOf(records)).toBe(NORMAL);
      let settled = false;
      const write = storage.insert('idem', 'k1', { state: 'done' }).then((v) => { settled = true; return v; });
      await until(() => fsyncs.length === 1);
      // Committed (another reader sees it) but not reported done: the fsync has not finished.
      expect(await storage.get('idem', 'k1')).toBeDefined();
      expect(settled).toBe(false);
      // A write committed while that fsync runs waits for one that starts after it.
      const second = storage.insert('idem', 'k2', { state: 'done' });
      fsyncs[0].release();
      expect(await write).toBe(true);
      await until(() => fsyncs.length === 2);
      fsyncs[1].release();
      expect(await second).toBe(true);
    } finally {
      for (const f of fsyncs) f.release();
      await records.close();
    }
  });

  it('keeps NORMAL where a lost commit only repeats work: the rate-limit counters', async () => {
    const counters = new SqliteRateLimitStore(join(dir, 'gateway.sqlite'));
    try {
      expect(synchronousOf(counters)).toBe(NORMAL);
    } finally {
      await counters.close();
    }
  });
});
