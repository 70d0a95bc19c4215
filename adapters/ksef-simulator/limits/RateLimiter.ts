import type { RateGroup, RateLimitTable } from './RateLimitTable.js';

const WINDOWS = [
  { ms: 1000, field: 'perSecond', label: 'na sekundę' },
  { ms: 60_000, field: 'perMinute', label: 'na minutę' },
  { ms: 3_600_000, field: 'perHour', label: 'na godzinę' },
] as const;

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number; detail: string };

/**
 * Sliding windows (1 s, 1 min, 1 h) per (group, endpoint for `other`, context, IP), all three enforced together
 * (PROTOCOL.md §10.1). Only admitted requests are counted. In memory: counters do not survive a restart.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  private readonly refusedByGroup = new Map<RateGroup, number>();
  private readonly peakByWindow = new Map<string, { used: number; limit: number }>();

  constructor(private table: RateLimitTable | undefined) {}

  setTable(table: RateLimitTable | undefined): void {
    this.table = table;
    this.hits.clear();
  }

  get effective(): RateLimitTable | undefined {
    return this.table;
  }

  /** Requests refused for going over a limit since start, per group (injected 429 faults are not counted). */
  refusals(): Partial<Record<RateGroup, number>> {
    return Object.fromEntries(this.refusedByGroup);
  }

  /**
   * The most requests admitted within one window, per group and window (`batchSession.perHour`), against the limit, in
   * the busiest bucket (one context, or one IP). With no refusals, a peak at the limit shows that clients sharing a
   * budget used all of it and kept inside it.
   */
  peakUse(): Record<string, { used: number; limit: number }> {
    return Object.fromEntries([...this.peakByWindow].sort(([a], [b]) => a.localeCompare(b)));
  }

  check(group: RateGroup, bucket: string, nowMs: number): RateDecision {
    const limits = this.table?.[group];
    if (!limits) return { allowed: true };
    const key = `${group}|${bucket}`;
    const list = (this.hits.get(key) ?? []).filter((t) => t > nowMs - 3_600_000);
    for (const w of WINDOWS) {
      const inWindow = list.filter((t) => t > nowMs - w.ms);
      const limit = limits[w.field];
      if (inWindow.length >= limit) {
        const oldestThatMustExpire = inWindow[inWindow.length - limit];
        const retryAfterSeconds = Math.max(1, Math.ceil((oldestThatMustExpire + w.ms - nowMs) / 1000));
        this.hits.set(key, list);
        this.refusedByGroup.set(group, (this.refusedByGroup.get(group) ?? 0) + 1);
        return {
          allowed: false,
          retryAfterSeconds,
          detail: `Przekroczono limit ${limit} żądań ${w.label}. Spróbuj ponownie po ${retryAfterSeconds} sekundach.`,
        };
      }
    }
    list.push(nowMs);
    this.hits.set(key, list);
    for (const w of WINDOWS) {
      const used = list.filter((t) => t > nowMs - w.ms).length;
      const name = `${group}.${w.field}`;
      if (used > (this.peakByWindow.get(name)?.used ?? 0)) this.peakByWindow.set(name, { used, limit: limits[w.field] });
    }
    return { allowed: true };
  }
}
