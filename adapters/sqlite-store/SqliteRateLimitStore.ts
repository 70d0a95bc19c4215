import Database from 'better-sqlite3';
import type { RateLimitStore, RateRoom, RateWindow } from '../../core/ksef/rateLimit/RateLimitStore.js';
import { migrate } from './migrations.js';
import { openSqlite } from './openSqlite.js';

/**
 * The KSeF client's sliding-window counters in SQLite, shared by every gateway process on this host that uses the
 * same file (KSeF counts per context and IP, DECISIONS.md 15). Check and record happen in one IMMEDIATE transaction,
 * so two processes cannot both take the last free slot.
 */
export class SqliteRateLimitStore implements RateLimitStore {
  private readonly db: Database.Database;
  private readonly count: Database.Statement;
  private readonly nth: Database.Statement;
  private readonly insert: Database.Statement;
  private readonly prune: Database.Statement;
  private readonly block: Database.Statement;
  private readonly blocked: Database.Statement;

  constructor(file: string) {
    this.db = openSqlite(file);
    migrate(this.db);
    this.count = this.db.prepare('SELECT COUNT(*) AS n FROM rate_hits WHERE key = ? AND at > ?');
    this.nth = this.db.prepare('SELECT at FROM rate_hits WHERE key = ? AND at > ? ORDER BY at DESC LIMIT 1 OFFSET ?');
    this.insert = this.db.prepare('INSERT INTO rate_hits (key, at) VALUES (?, ?)');
    this.prune = this.db.prepare('DELETE FROM rate_hits WHERE key = ? AND at <= ?');
    this.block = this.db.prepare(`INSERT INTO rate_blocks (key, until) VALUES (?, ?)
      ON CONFLICT (key) DO UPDATE SET until = MAX(until, excluded.until)`);
    this.blocked = this.db.prepare('SELECT until FROM rate_blocks WHERE key = ?');
  }

  async tryAcquire(key: string, nowMs: number, windows: readonly RateWindow[]): Promise<number> {
    return this.db.transaction(() => {
      const until = (this.blocked.get(key) as { until: number } | undefined)?.until ?? 0;
      if (until > nowMs) return until - nowMs;
      const finite = windows.filter((w) => Number.isFinite(w.limit));
      const longest = Math.max(0, ...finite.map((w) => w.windowMs));
      this.prune.run(key, nowMs - longest);
      let wait = 0;
      for (const w of finite) {
        const since = nowMs - w.windowMs;
        const { n } = this.count.get(key, since) as { n: number };
        if (n >= w.limit) {
          // The window frees up when the oldest of the `limit` newest requests ages out.
          const oldest = (this.nth.get(key, since, w.limit - 1) as { at: number }).at;
          wait = Math.max(wait, oldest + w.windowMs - nowMs);
        }
      }
      if (wait > 0) return wait;
      this.insert.run(key, nowMs);
      return 0;
    }).immediate();
  }

  async room(key: string, nowMs: number, windows: readonly RateWindow[], need = 1): Promise<RateRoom> {
    const until = (this.blocked.get(key) as { until: number } | undefined)?.until ?? 0;
    if (until > nowMs) return { room: 0, waitMs: until - nowMs };
    let room = Infinity;
    let waitMs = 0;
    for (const w of windows.filter((x) => Number.isFinite(x.limit))) {
      const since = nowMs - w.windowMs;
      const { n } = this.count.get(key, since) as { n: number };
      room = Math.min(room, Math.max(0, w.limit - n));
      // `need` requests fit once the (limit - need + 1)-th newest hit has left the window.
      if (n + need > w.limit) {
        waitMs = Math.max(waitMs, need > w.limit ? w.windowMs : (this.nth.get(key, since, w.limit - need) as { at: number }).at + w.windowMs - nowMs);
      }
    }
    return { room, waitMs: room >= need ? 0 : waitMs };
  }

  async blockUntil(key: string, untilMs: number): Promise<void> {
    this.block.run(key, untilMs);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
