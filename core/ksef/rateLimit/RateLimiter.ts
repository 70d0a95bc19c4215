import type { EffectiveRateLimits, RateLimitGroup, RateLimitValues } from '../types/limits.js';
import type { RateLimitStore, RateWindow } from './RateLimitStore.js';
import { DEFAULT_RATE_LIMITS } from './defaultRateLimits.js';
import { sleep } from '../http/sleep.js';

/** Waits for room in the sliding windows of an endpoint group before each request (PROTOCOL.md §10). */
export class RateLimiter {
  private limits: Record<RateLimitGroup, RateLimitValues>;

  constructor(
    private readonly store: RateLimitStore,
    /** Prefix shared by all instances of one context (and IP): `baseUrl|contextType:value`. */
    private readonly scope: string,
    private readonly enabled: boolean,
    overrides: EffectiveRateLimits = {},
    private readonly now: () => number = Date.now,
  ) {
    this.limits = { ...DEFAULT_RATE_LIMITS, ...overrides };
  }

  /** Applies `GET /rate-limits` (the effective limits of this context). */
  update(limits: EffectiveRateLimits): void {
    this.limits = { ...this.limits, ...limits };
  }

  current(): Readonly<Record<RateLimitGroup, RateLimitValues>> {
    return this.limits;
  }

  async acquire(group: RateLimitGroup, key: string, signal?: AbortSignal): Promise<void> {
    if (!this.enabled) return;
    const windows = toWindows(this.limits[group]);
    for (;;) {
      const wait = await this.store.tryAcquire(`${this.scope}|${key}`, this.now(), windows);
      if (wait <= 0) return;
      await sleep(wait, signal);
    }
  }

  /** A 429 blocks the key for every instance until Retry-After has passed. */
  async blockUntil(key: string, untilMs: number): Promise<void> {
    await this.store.blockUntil(`${this.scope}|${key}`, untilMs);
  }
}

/**
 * Windows a little longer than KSeF's: KSeF counts arrival times, and two requests sent 1 s apart can
 * arrive closer together when the first one is delayed on the way.
 */
const margin = (ms: number): number => Math.round(ms * 1.05 + 50);

function toWindows(v: RateLimitValues): RateWindow[] {
  return [
    { windowMs: margin(1_000), limit: v.perSecond },
    { windowMs: margin(60_000), limit: v.perMinute },
    { windowMs: margin(3_600_000), limit: v.perHour },
  ];
}
