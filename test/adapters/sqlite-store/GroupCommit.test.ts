import Database from 'better-sqlite3';
import { GroupCommit } from '../../../adapters/sqlite-store/GroupCommit.js';

describe('GroupCommit', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    db.exec(`CREATE TABLE parent (id TEXT PRIMARY KEY);
      CREATE TABLE child (id TEXT PRIMARY KEY, parent TEXT REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED);
      INSERT INTO parent VALUES ('p');`);
  });
  afterEach(() => { db.close(); });

  const insertChild = (row: { id: string; parent: string }): string => {
    db.prepare('INSERT INTO child (id, parent) VALUES (?, ?)').run(row.id, row.parent);
    return row.id;
  };
  const children = (): string[] => (db.prepare('SELECT id FROM child ORDER BY id').all() as { id: string }[]).map((r) => r.id);

  it('rejects every item of a group whose shared commit fails, and stores none of them', async () => {
    const group = new GroupCommit(db, insertChild);
    // The deferred foreign key is checked only at COMMIT: each item succeeds alone, the commit then fails.
    const results = await Promise.allSettled([group.run({ id: 'a', parent: 'p' }), group.run({ id: 'b', parent: 'missing' })]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(children()).toEqual([]);
    expect(await group.run({ id: 'c', parent: 'p' })).toBe('c');
    expect(children()).toEqual(['c']);
  });

  const recordSizes = (group: GroupCommit<{ id: string; parent: string }, string>): number[] => {
    const sizes: number[] = [];
    const commit = group.commit.bind(group);
    group.commit = (items) => { sizes.push(items.length); return commit(items); };
    return sizes;
  };

  it('without a window, groups only what arrives in one turn of the event loop', async () => {
    const group = new GroupCommit(db, insertChild);
    const sizes = recordSizes(group);
    const first = [group.run({ id: 'a', parent: 'p' }), group.run({ id: 'b', parent: 'p' })];
    await new Promise((r) => setImmediate(r));
    await Promise.all([...first, group.run({ id: 'c', parent: 'p' })]);
    expect(sizes).toEqual([2, 1]);
  });

  it('with a window, lets items of later turns join the group until the window closes', async () => {
    const group = new GroupCommit(db, insertChild, { windowMs: 40 });
    const sizes = recordSizes(group);
    const first = group.run({ id: 'a', parent: 'p' });
    await new Promise((r) => setImmediate(r));
    expect(children()).toEqual([]);
    await Promise.all([first, group.run({ id: 'b', parent: 'p' })]);
    expect(sizes).toEqual([2]);
    expect(children()).toEqual(['a', 'b']);
  });

  it('commits at most maxGroup items at once and the rest in the next group', async () => {
    const group = new GroupCommit(db, insertChild, { maxGroup: 2 });
    const sizes = recordSizes(group);
    const ids = ['a', 'b', 'c', 'd', 'e'];
    expect(await Promise.all(ids.map((id) => group.run({ id, parent: 'p' })))).toEqual(ids);
    expect(sizes).toEqual([2, 2, 1]);
    expect(children()).toEqual(ids);
  });

  it('commits what waits in its window at once when asked to flush, and answers every caller', async () => {
    const group = new GroupCommit(db, insertChild, { windowMs: 60_000 });
    const waiting = [group.run({ id: 'x', parent: 'p' }), group.run({ id: 'y', parent: 'p' })];
    expect(children()).toEqual([]);
    group.flushAll();
    expect(children()).toEqual(['x', 'y']);
    await expect(Promise.all(waiting)).resolves.toEqual(['x', 'y']);
  });
});
