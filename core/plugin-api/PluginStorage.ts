/**
 * One record a plugin keeps in the gateway's store (SQLite or PostgreSQL, whichever the gateway uses).
 *
 * @example
 * ```ts
 * const rec = await ctx.storage.get<{ url: string }>('webhooks', 'wh_1');
 * if (rec) ctx.logger.info({ version: rec.version }, 'subscription found');
 * ```
 */
export interface StoredRecord<T = unknown> {
  readonly key: string;
  readonly value: T;
  /** Starts at 1 and grows with every write: pass it to `update` for compare-and-set. */
  readonly version: number;
  /** Epoch ms when the record becomes due for `claimDue`; absent: never due. */
  readonly dueAt?: number;
  /** Epoch ms after which the record counts as absent (and `purgeExpired` deletes it). */
  readonly expiresAt?: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/**
 * Write options. `dueAt` puts the record on the collection's due list (a durable outbox); `expiresAt` gives it a
 * time to live.
 *
 * @example
 * ```ts
 * const opts: RecordWriteOptions = { dueAt: Date.now(), expiresAt: Date.now() + 86_400_000 };
 * ```
 */
export interface RecordWriteOptions {
  readonly dueAt?: number | null;
  readonly expiresAt?: number | null;
}

/**
 * A plugin instance's own durable records, in collections, in the gateway's store: API keys, idempotency keys, an
 * outbox of its own. Every call is one transaction; records of other instances are never visible. Values are JSON.
 *
 * @example
 * ```ts
 * // take a key once, even when two requests race for it
 * if (await ctx.storage.insert('requests', key, { state: 'running' }, { expiresAt: now + 86_400_000 })) {
 *   await work();
 * }
 * // a durable outbox: records due now are leased for a minute
 * for (const job of await ctx.storage.claimDue('outbox', Date.now(), 20, 60_000)) await send(job.value);
 * ```
 */
export interface PluginStorage {
  /** The record, or undefined when absent or expired. */
  get<T = unknown>(collection: string, key: string): Promise<StoredRecord<T> | undefined>;
  /** Creates the record; false (and nothing written) when a live record with this key exists. Replaces an expired one. */
  insert<T = unknown>(collection: string, key: string, value: T, options?: RecordWriteOptions): Promise<boolean>;
  /**
   * Overwrites a live record; with `expectVersion`, only when the record still has that version (compare-and-set).
   * Options left out keep their current value. Returns the new record, or undefined when nothing was written.
   */
  update<T = unknown>(collection: string, key: string, value: T,
    options?: RecordWriteOptions & { readonly expectVersion?: number }): Promise<StoredRecord<T> | undefined>;
  /** true when a record was deleted. */
  delete(collection: string, key: string): Promise<boolean>;
  /** Live records in key order, after `after` (exclusive), whose key starts with `prefix`; at most `limit` (default 100). */
  list<T = unknown>(collection: string, options?: { readonly after?: string; readonly prefix?: string; readonly limit?: number }): Promise<StoredRecord<T>[]>;
  /**
   * Leases up to `limit` live records whose `dueAt` <= `now`, oldest due first: in the same transaction their `dueAt`
   * moves to `now + leaseMs`, so a second caller (another gateway instance) does not take them until the lease ends.
   * Settle each by `update` (a new `dueAt`, or `null` when done) or `delete`.
   */
  claimDue<T = unknown>(collection: string, now: number, limit: number, leaseMs: number): Promise<StoredRecord<T>[]>;
  /** Deletes every expired record of the instance; returns how many. */
  purgeExpired(now: number): Promise<number>;
}
