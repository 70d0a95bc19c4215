import type pg from 'pg';
import type { RateLimitStore, RateRoom, RateWindow } from '../../core/ksef/rateLimit/RateLimitStore.js';
import { openPgPool, type PgStoreOptions } from './openPgPool.js';
import { withPgTransaction } from './withPgTransaction.js';

/** First key of the per-rate-key advisory lock (the second is the key's hash). */
const RATE_LOCK = 0x6b737266;

/**
 * The KSeF client's sliding-window counters in PostgreSQL, shared by every gateway instance on the database (KSeF
 * counts per context and IP, DECISIONS.md 15). Check and record run in one transaction under an advisory lock on the
 * key, so two instances cannot both take the last free slot; different keys never wait on each other.
 */
export class PgRateLimitStore implements RateLimitStore {
  private constructor(private readonly pool: pg.Pool) {}

  static async open(options: PgStoreOptions): Promise<PgRateLimitStore> {
    return new PgRateLimitStore((await openPgPool({ ...options, max: options.max ?? 4 })).pool);
  }

  async tryAcquire(key: string, nowMs: number, windows: readonly RateWindow[]): Promise<number> {
    return withPgTransaction(this.pool, async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [RATE_LOCK, key]);
      const blocked = await c.query<{ until: number }>('SELECT until FROM rate_blocks WHERE key = $1', [key]);
      const until = blocked.rows[0]?.until ?? 0;
      if (until > nowMs) return until - nowMs;
      const finite = windows.filter((w) => Number.isFinite(w.limit));
      const longest = Math.max(0, ...finite.map((w) => w.windowMs));
      await c.query('DELETE FROM rate_hits WHERE key = $1 AND at <= $2', [key, nowMs - longest]);
      let wait = 0;
      for (const w of finite) {
        const since = nowMs - w.windowMs;
        // The window frees up when the oldest of the `limit` newest requests ages out.
        const { rows } = await c.query<{ at: number }>(
          'SELECT at FROM rate_hits WHERE key = $1 AND at > $2 ORDER BY at DESC LIMIT 1 OFFSET $3', [key, since, w.limit - 1]);
        if (rows.length > 0) wait = Math.max(wait, rows[0].at + w.windowMs - nowMs);
      }
      if (wait > 0) return wait;
      await c.query('INSERT INTO rate_hits (key, at) VALUES ($1, $2)', [key, nowMs]);
      return 0;
    });
  }

  async room(key: string, nowMs: number, windows: readonly RateWindow[], need = 1): Promise<RateRoom> {
    const blocked = await this.pool.query<{ until: number }>('SELECT until FROM rate_blocks WHERE key = $1', [key]);
    const until = Number(blocked.rows[0]?.until ?? 0);
    if (until > nowMs) return { room: 0, waitMs: until - nowMs };
    let room = Infinity;
    let waitMs = 0;
    for (const w of windows.filter((x) => Number.isFinite(x.limit))) {
      const since = nowMs - w.windowMs;
      const { rows } = await this.pool.query<{ n: string }>('SELECT COUNT(*) AS n FROM rate_hits WHERE key = $1 AND at > $2', [key, since]);
      const n = Number(rows[0].n);
      room = Math.min(room, Math.max(0, w.limit - n));
      // `need` requests fit once the (limit - need + 1)-th newest hit has left the window.
      if (n + need > w.limit && need > w.limit) waitMs = Math.max(waitMs, w.windowMs);
      else if (n + need > w.limit) {
        const nth = await this.pool.query<{ at: number }>('SELECT at FROM rate_hits WHERE key = $1 AND at > $2 ORDER BY at DESC LIMIT 1 OFFSET $3', [key, since, w.limit - need]);
        waitMs = Math.max(waitMs, Number(nth.rows[0].at) + w.windowMs - nowMs);
      }
    }
    return { room, waitMs: room >= need ? 0 : waitMs };
  }

  async blockUntil(key: string, untilMs: number): Promise<void> {
    await this.pool.query(`INSERT INTO rate_blocks (key, until) VALUES ($1, $2)
      ON CONFLICT (key) DO UPDATE SET until = GREATEST(rate_blocks.until, EXCLUDED.until)`, [key, untilMs]);
  }

  private closed = false;

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
