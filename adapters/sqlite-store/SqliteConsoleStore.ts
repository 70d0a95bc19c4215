import type Database from 'better-sqlite3';
import { SqlConsoleStore, type SqlRunner } from '../sql/SqlConsoleStore.js';
import { migrate } from './migrations.js';
import { openSqlite } from './openSqlite.js';

/** The console's tables in the store's SQLite file, on a connection of its own (WAL lets it share the file). */
export class SqliteConsoleStore extends SqlConsoleStore {
  constructor(file: string) {
    const db = openSqlite(file);
    migrate(db);
    super(sqliteRunner(db), true);
  }
}

export function sqliteRunner(db: Database.Database): SqlRunner {
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let s = statements.get(sql);
    if (!s) statements.set(sql, s = db.prepare(sql));
    return s;
  };
  return {
    all: async <T>(sql: string, params: readonly unknown[] = []) => {
      const stmt = prepare(sql);
      if (stmt.reader) return stmt.all(...params) as T[];
      stmt.run(...params);
      return [];
    },
    run: async (sql: string, params: readonly unknown[] = []) => prepare(sql).run(...params).changes,
    close: async () => { db.close(); },
  };
}
