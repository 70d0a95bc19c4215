import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteRateLimitStore } from '../../../adapters/sqlite-store/SqliteRateLimitStore.js';

describe('SqliteRateLimitStore', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'rate-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const windows = [{ windowMs: 1000, limit: 2 }, { windowMs: 60_000, limit: 3 }];

  it('admits up to each window\'s limit and says how long to wait after that', async () => {
    const s = new SqliteRateLimitStore(join(dir, 'g.db'));
    expect(await s.tryAcquire('ctx|ip|invoiceSend', 0, windows)).toBe(0);
    expect(await s.tryAcquire('ctx|ip|invoiceSend', 10, windows)).toBe(0);
    expect(await s.tryAcquire('ctx|ip|invoiceSend', 20, windows)).toBe(980);
    expect(await s.tryAcquire('ctx|ip|other', 20, windows)).toBe(0);
    expect(await s.tryAcquire('ctx|ip|invoiceSend', 1000, windows)).toBe(0);
    expect(await s.tryAcquire('ctx|ip|invoiceSend', 2500, windows)).toBe(57_500);
    await s.close();
  });

  it('shares counters and blocks between two handles on one file (two processes)', async () => {
    const a = new SqliteRateLimitStore(join(dir, 'g.db'));
    const b = new SqliteRateLimitStore(join(dir, 'g.db'));
    expect(await a.tryAcquire('k', 0, windows)).toBe(0);
    expect(await b.tryAcquire('k', 1, windows)).toBe(0);
    expect(await a.tryAcquire('k', 2, windows)).toBe(998);
    await b.blockUntil('x', 5000);
    expect(await a.tryAcquire('x', 1000, windows)).toBe(4000);
    await a.close();
    await b.close();
  });

  it('tells the scheduler how much room is left, without taking any', async () => {
    const s = new SqliteRateLimitStore(join(dir, 'g.db'));
    expect(await s.room('k', 0, windows)).toEqual({ room: 2, waitMs: 0 });
    expect(await s.tryAcquire('k', 0, windows)).toBe(0);
    expect(await s.room('k', 5, windows)).toEqual({ room: 1, waitMs: 0 });
    expect(await s.room('k', 5, windows)).toEqual({ room: 1, waitMs: 0 });
    // Two wanted, one left in the second: they fit when the hit at 0 has left it, not "in a moment".
    expect(await s.room('k', 5, windows, 2)).toEqual({ room: 1, waitMs: 995 });
    expect(await s.room('k', 5, windows, 4)).toEqual({ room: 1, waitMs: 60_000 });
    expect(await s.tryAcquire('k', 10, windows)).toBe(0);
    expect(await s.room('k', 20, windows)).toEqual({ room: 0, waitMs: 980 });
    expect(await s.tryAcquire('k', 1000, windows)).toBe(0);
    expect(await s.room('k', 1500, windows)).toEqual({ room: 0, waitMs: 58_500 });
    await s.blockUntil('b', 4000);
    expect(await s.room('b', 1000, windows)).toEqual({ room: 0, waitMs: 3000 });
    await s.close();
  });
});
