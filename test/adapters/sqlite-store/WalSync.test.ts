import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WalSync } from '../../../adapters/sqlite-store/WalSync.js';

describe('WalSync', () => {
  it('lets callers share an fsync that has not started, and makes a caller during a running fsync wait for the next', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-walsync-'));
    writeFileSync(join(dir, 'db-wal'), 'frames');
    const releases: (() => void)[] = [];
    const wal = new WalSync(join(dir, 'db-wal'), () => new Promise<void>((r) => releases.push(r)));
    const done: string[] = [];
    const a = wal.sync().then(() => done.push('a'));
    await new Promise((r) => setTimeout(r, 20));
    expect(releases).toHaveLength(1);
    // b and c commit while the first fsync runs: it may have begun before their frames were written.
    const b = wal.sync().then(() => done.push('b'));
    const c = wal.sync().then(() => done.push('c'));
    releases[0]();
    await a;
    await new Promise((r) => setTimeout(r, 20));
    expect(done).toEqual(['a']);
    expect(releases).toHaveLength(2);
    releases[1]();
    await Promise.all([b, c]);
    expect(done).toEqual(['a', 'b', 'c']);
    expect(releases).toHaveLength(2);
    await wal.close();
  });

  it('has nothing to sync for a database without a -wal file (in memory)', async () => {
    let calls = 0;
    const wal = new WalSync(':memory:-wal', async () => { calls += 1; });
    await wal.sync();
    expect(calls).toBe(0);
  });
});
