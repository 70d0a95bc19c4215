import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * `full`: every commit is on disk before it returns (WAL fsynced at each commit), so a power cut or OS crash loses no
 * commit. `normal`: a process crash loses nothing, but a power cut or OS crash can lose the commits since the last
 * checkpoint (they are rolled back, the file stays consistent).
 */
export type SqliteDurability = 'full' | 'normal';

/** Opens a store file the way every sqlite-store adapter needs it: WAL, crash-safe commits, waiting on locks. */
export function openSqlite(file: string, durability: SqliteDurability = 'normal'): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('busy_timeout = 5000');
  return db;
}
