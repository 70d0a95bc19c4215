import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { SqlitePluginRecords } from '../../../adapters/sqlite-store/SqlitePluginRecords.js';
import { SqliteRateLimitStore } from '../../../adapters/sqlite-store/SqliteRateLimitStore.js';
import { SqliteSubmissionStore } from '../../../adapters/sqlite-store/SqliteSubmissionStore.js';

/** The connection an adapter writes through (private; read here only to ask SQLite how it commits). */
const synchronousOf = (adapter: object): number => (Reflect.get(adapter, 'db') as Database.Database).pragma('synchronous', { simple: true }) as number;
const FULL = 2;
const NORMAL = 1;

describe('SQLite commit durability', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gw-durable-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fsyncs every outbox commit (synchronous FULL): a power cut cannot take back a receipt given to the ERP or a send recorded before it happened', async () => {
    const store = new SqliteSubmissionStore(join(dir, 'gateway.sqlite'));
    const records = new SqlitePluginRecords(join(dir, 'gateway.sqlite'));
    try {
      expect(synchronousOf(store)).toBe(FULL);
      expect(synchronousOf(records)).toBe(FULL);
    } finally {
      await store.close();
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
