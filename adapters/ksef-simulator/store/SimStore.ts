import { MemorySimStore } from './MemorySimStore.js';
import { SqliteSimStore } from './SqliteSimStore.js';

/** Kinds of records the simulator keeps. */
export type Kind = 'subject' | 'token' | 'challenge' | 'auth' | 'session' | 'invoice' | 'dupkey' | 'upo' | 'meta' | 'invhash' | 'correction' | 'export' | 'submission';

/**
 * The simulator's state: JSON documents by kind and id. `ctx` and `k2` are two lookup keys whose meaning depends on
 * the kind (e.g. invoice: ctx = session, k2 = KSeF number). Listings come in first-insertion order; documents read
 * are copies of what was put (JSON semantics) and must not be changed.
 */
export interface SimStore {
  get<T>(kind: Kind, id: string): T | undefined;
  put<T>(kind: Kind, id: string, value: T, keys?: { ctx?: string; k2?: string }): T;
  byCtx<T>(kind: Kind, ctx: string): T[];
  byK2<T>(kind: Kind, k2: string): T[];
  all<T>(kind: Kind): T[];
  countByK2(kind: Kind, k2: string): number;
  getBlob(id: string): Buffer | undefined;
  putBlob(id: string, data: Buffer): void;
  /** All of `fn`'s writes or none; a call inside a running transaction joins it. */
  transaction<T>(fn: () => T): T;
  close(): void;
}

/** SQLite in `dataDir` (surviving restarts, shared with `simulator token create`), or memory only without one. */
export function openSimStore(dataDir?: string): SimStore {
  return dataDir ? new SqliteSimStore(dataDir) : new MemorySimStore();
}
