import type Database from 'better-sqlite3';

type Outcome<O> = { readonly value: O } | { readonly error: unknown };

interface Pending<I, O> {
  readonly item: I;
  readonly resolve: (value: O) => void;
  readonly reject: (err: unknown) => void;
}

/**
 * Group commit: work items arriving in the same turn of the event loop share one transaction (on SQLite most of a
 * small write's cost is its commit), each inside its own savepoint (better-sqlite3 nests transactions as savepoints),
 * so one that throws rolls back alone and the others still commit. Every caller's promise settles only after the
 * shared commit: nothing is reported done before it is durable.
 */
export class GroupCommit<I, O> {
  private readonly pending: Pending<I, O>[] = [];
  private timer?: { readonly timeout: NodeJS.Timeout } | { readonly immediate: NodeJS.Immediate };

  private readonly maxGroup: number;
  private readonly windowMs: number;

  /**
   * `maxGroup` bounds how long one group holds the event loop and the write lock. `windowMs` 0 groups what arrives in
   * one turn of the event loop; more waits that long after a group's first item for others to join it.
   */
  constructor(private readonly db: Database.Database, private readonly work: (item: I) => O,
    options: { readonly maxGroup?: number; readonly windowMs?: number } = {}) {
    this.maxGroup = options.maxGroup ?? 256;
    this.windowMs = options.windowMs ?? 0;
  }

  run(item: I): Promise<O> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length === 1) this.schedule();
    });
  }

  private schedule(): void {
    this.timer = this.windowMs > 0
      ? { timeout: setTimeout(() => this.flush(), this.windowMs) }
      : { immediate: setImmediate(() => this.flush()) };
  }

  /** Commits everything waiting now, e.g. before the database closes: a caller waiting for its group is answered. */
  flushAll(): void {
    if (this.timer && 'timeout' in this.timer) clearTimeout(this.timer.timeout);
    if (this.timer && 'immediate' in this.timer) clearImmediate(this.timer.immediate);
    this.timer = undefined;
    while (this.pending.length > 0) this.flush(false);
  }

  private flush(scheduleRest = true): void {
    this.timer = undefined;
    const group = this.pending.splice(0, this.maxGroup);
    if (scheduleRest && this.pending.length > 0) this.schedule();
    let outcomes: Outcome<O>[];
    try {
      outcomes = this.commit(group.map((p) => p.item));
    } catch (err) {
      // The shared commit failed: nothing of the group is stored.
      for (const p of group) p.reject(err);
      return;
    }
    group.forEach((p, i) => {
      const o = outcomes[i];
      if ('error' in o) p.reject(o.error);
      else p.resolve(o.value);
    });
  }

  /** One transaction over a group, one savepoint per item. */
  commit(items: readonly I[]): Outcome<O>[] {
    if (items.length === 1) {
      // Alone in its group, the item needs no savepoint: its failure rolls back the whole transaction, which is only its own.
      try {
        return [{ value: this.db.transaction((item: I) => this.work(item)).immediate(items[0]) }];
      } catch (error) {
        return [{ error }];
      }
    }
    const one = this.db.transaction((item: I) => this.work(item));
    return this.db.transaction(() => items.map((item): Outcome<O> => {
      try {
        return { value: one(item) };
      } catch (error) {
        return { error };
      }
    })).immediate();
  }
}
