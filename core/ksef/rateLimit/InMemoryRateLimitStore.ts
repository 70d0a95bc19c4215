import type { RateLimitStore, RateRoom, RateWindow } from './RateLimitStore.js';

interface Entry {
  /** Request times, ascending. */
  hits: number[];
  blockedUntil: number;
}

/** Sliding-window counters in this process: correct for one instance per context and IP. */
export class InMemoryRateLimitStore implements RateLimitStore {
  private readonly entries = new Map<string, Entry>();

  async tryAcquire(key: string, nowMs: number, windows: readonly RateWindow[]): Promise<number> {
    const entry = this.entry(key);
    if (entry.blockedUntil > nowMs) return entry.blockedUntil - nowMs;
    const finite = windows.filter((w) => Number.isFinite(w.limit));
    const longest = Math.max(0, ...finite.map((w) => w.windowMs));
    const firstKept = lowerBound(entry.hits, nowMs - longest);
    if (firstKept > 0) entry.hits.splice(0, firstKept);
    let wait = 0;
    for (const w of finite) {
      const start = lowerBound(entry.hits, nowMs - w.windowMs + 1);
      const inWindow = entry.hits.length - start;
      if (inWindow >= w.limit) {
        // The window frees up when its oldest counted request ages out.
        const oldest = entry.hits[entry.hits.length - w.limit];
        wait = Math.max(wait, oldest + w.windowMs - nowMs);
      }
    }
    if (wait > 0) return wait;
    entry.hits.push(nowMs);
    return 0;
  }

  async room(key: string, nowMs: number, windows: readonly RateWindow[], need = 1): Promise<RateRoom> {
    const entry = this.entry(key);
    if (entry.blockedUntil > nowMs) return { room: 0, waitMs: entry.blockedUntil - nowMs };
    let room = Infinity;
    let waitMs = 0;
    for (const w of windows.filter((x) => Number.isFinite(x.limit))) {
      const start = lowerBound(entry.hits, nowMs - w.windowMs + 1);
      const inWindow = entry.hits.length - start;
      room = Math.min(room, Math.max(0, w.limit - inWindow));
      // `need` requests fit once the hits that are too many have left the window, oldest first.
      const over = inWindow + need - w.limit;
      if (over > 0) waitMs = Math.max(waitMs, need > w.limit ? w.windowMs : entry.hits[start + over - 1] + w.windowMs - nowMs);
    }
    return { room, waitMs: room >= need ? 0 : waitMs };
  }

  async blockUntil(key: string, untilMs: number): Promise<void> {
    const entry = this.entry(key);
    entry.blockedUntil = Math.max(entry.blockedUntil, untilMs);
  }

  private entry(key: string): Entry {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { hits: [], blockedUntil: 0 };
      this.entries.set(key, entry);
    }
    return entry;
  }
}

function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
