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

  it('commits at most maxGroup items at once and the rest in the next group', async () => {
    const group = new GroupCommit(db, insertChild, 2);
    const sizes: number[] = [];
    const commit = group.commit.bind(group);
    group.commit = (items) => { sizes.push(items.length); return commit(items); };
    const ids = ['a', 'b', 'c', 'd', 'e'];
    expect(await Promise.all(ids.map((id) => group.run({ id, parent: 'p' })))).toEqual(ids);
    expect(sizes).toEqual([2, 2, 1]);
    expect(children()).toEqual(ids);
  });
});
