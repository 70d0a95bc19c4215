import type pg from 'pg';
import { SqlConsoleStore, type SqlRunner } from '../sql/SqlConsoleStore.js';
import { openPgPool, type PgStoreOptions } from './openPgPool.js';

/** The console's tables in the PostgreSQL schema every instance shares. */
export class PgConsoleStore extends SqlConsoleStore {
  static async open(options: PgStoreOptions): Promise<PgConsoleStore> {
    return new PgConsoleStore(pgRunner((await openPgPool({ ...options, max: options.max ?? 2 })).pool));
  }
}

/** Numbers the `?` placeholders ($1, $2, ...): the console's SQL has no other question marks. */
export function pgRunner(pool: pg.Pool): SqlRunner {
  const numbered = new Map<string, string>();
  const text = (sql: string): string => {
    let t = numbered.get(sql);
    if (!t) {
      let i = 0;
      numbered.set(sql, t = sql.replace(/\?/g, () => `$${++i}`));
    }
    return t;
  };
  return {
    all: async <T>(sql: string, params: readonly unknown[] = []) => (await pool.query(text(sql), params as unknown[])).rows as T[],
    run: async (sql: string, params: readonly unknown[] = []) => (await pool.query(text(sql), params as unknown[])).rowCount ?? 0,
    close: () => pool.end(),
  };
}
