import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { Kind, SimStore } from './SimStore.js';

/**
 * The state of a simulator with a data directory: JSON documents in `simulator.sqlite`. Every read goes to SQLite,
 * so that a token written by `simulator token create` from another process is seen at once.
 */
export class SqliteSimStore implements SimStore {
  private readonly db: Database.Database;
  private readonly stmts;
  /** Insertion order for listings; kept in memory so that an insert does not scan the table. */
  private seq: number;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const file = join(dataDir, 'simulator.sqlite');
    privateFile(file);
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS docs (kind TEXT NOT NULL, id TEXT NOT NULL, ctx TEXT, k2 TEXT, seq INTEGER NOT NULL,
        data TEXT NOT NULL, PRIMARY KEY (kind, id));
      CREATE INDEX IF NOT EXISTS docs_ctx ON docs(kind, ctx, seq);
      CREATE INDEX IF NOT EXISTS docs_k2 ON docs(kind, k2);
      CREATE TABLE IF NOT EXISTS blobs (id TEXT PRIMARY KEY, data BLOB NOT NULL);`);
    this.stmts = {
      get: this.db.prepare('SELECT data FROM docs WHERE kind = ? AND id = ?'),
      put: this.db.prepare(`INSERT INTO docs (kind, id, ctx, k2, seq, data) VALUES (@kind, @id, @ctx, @k2, @seq, @data)
        ON CONFLICT (kind, id) DO UPDATE SET ctx = excluded.ctx, k2 = excluded.k2, data = excluded.data`),
      byCtx: this.db.prepare('SELECT data FROM docs WHERE kind = ? AND ctx = ? ORDER BY seq'),
      byK2: this.db.prepare('SELECT data FROM docs WHERE kind = ? AND k2 = ? ORDER BY seq'),
      all: this.db.prepare('SELECT data FROM docs WHERE kind = ? ORDER BY seq'),
      count: this.db.prepare('SELECT COUNT(*) AS n FROM docs WHERE kind = ? AND k2 = ?'),
      getBlob: this.db.prepare('SELECT data FROM blobs WHERE id = ?'),
      putBlob: this.db.prepare('INSERT OR REPLACE INTO blobs (id, data) VALUES (?, ?)'),
    };
    this.seq = (this.db.prepare('SELECT COALESCE(MAX(seq), 0) AS s FROM docs').get() as { s: number }).s;
  }

  get<T>(kind: Kind, id: string): T | undefined {
    const row = this.stmts.get.get(kind, id) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as T) : undefined;
  }

  put<T>(kind: Kind, id: string, value: T, keys: { ctx?: string; k2?: string } = {}): T {
    this.stmts.put.run({ kind, id, ctx: keys.ctx ?? null, k2: keys.k2 ?? null, seq: ++this.seq, data: JSON.stringify(value) });
    return value;
  }

  byCtx<T>(kind: Kind, ctx: string): T[] {
    return (this.stmts.byCtx.all(kind, ctx) as { data: string }[]).map((r) => JSON.parse(r.data) as T);
  }

  byK2<T>(kind: Kind, k2: string): T[] {
    return (this.stmts.byK2.all(kind, k2) as { data: string }[]).map((r) => JSON.parse(r.data) as T);
  }

  all<T>(kind: Kind): T[] {
    return (this.stmts.all.all(kind) as { data: string }[]).map((r) => JSON.parse(r.data) as T);
  }

  countByK2(kind: Kind, k2: string): number {
    return (this.stmts.count.get(kind, k2) as { n: number }).n;
  }

  getBlob(id: string): Buffer | undefined {
    return (this.stmts.getBlob.get(id) as { data: Buffer } | undefined)?.data;
  }

  putBlob(id: string, data: Buffer): void {
    this.stmts.putBlob.run(id, data);
  }

  transaction<T>(fn: () => T): T {
    return this.db.inTransaction ? fn() : this.db.transaction(fn)();
  }

  close(): void {
    this.db.close();
  }
}

/**
 * The store holds the JWT and URL-signing secrets: owner-only, like the keyring. SQLite gives its -wal and -shm
 * files the database file's mode, so creating (or correcting) the database first covers them too.
 */
function privateFile(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
}
