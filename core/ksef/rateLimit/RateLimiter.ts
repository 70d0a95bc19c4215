import type { EffectiveRateLimits, RateLimitGroup, RateLimitValues } from '../types/limits.js';
import type { RateLimitStore, RateRoom, RateWindow } from './RateLimitStore.js';
import { DEFAULT_RATE_LIMITS } from './defaultRateLimits.js';
import { KsefRateLimitedError } from '../errors/KsefRateLimitedError.js';
import { sleep } from '../http/sleep.js';

export interface RateLimiterWaits {
  /** Longer waits throw KsefRateLimitedError instead of sleeping (a scheduler plans around them); default: no limit. */
  readonly maxWaitMs?: number;
}

/** Waits for room in the sliding windows of an endpoint group before each request (PROTOCOL.md §10). */
export class RateLimiter {
  private limits: Record<RateLimitGroup, RateLimitValues>;
  private readonly interrupt = new AbortController();
  private readonly maxWaitMs: number;

  constructor(
    private readonly store: RateLimitStore,
    /** Prefix shared by all instances of one context (and IP): `baseUrl|contextType:value`. */
    private readonly scope: string,
    readonly enabled: boolean,
    overrides: EffectiveRateLimits = {},
    private readonly now: () => number = Date.now,
    waits: RateLimiterWaits = {},
    /** Scope of the `public` group, which KSeF limits per IP address, not per context. */
    private readonly publicScope: string = scope,
  ) {
    this.limits = { ...DEFAULT_RATE_LIMITS, ...overrides };
    this.maxWaitMs = waits.maxWaitMs ?? Infinity;
  }

  /** Applies `GET /rate-limits` (the effective limits of this context). */
  update(limits: EffectiveRateLimits): void {
    this.limits = { ...this.limits, ...limits };
  }

  current(): Readonly<Record<RateLimitGroup, RateLimitValues>> {
    return this.limits;
  }

  /** Ends every wait now and later (shutdown): the request is not sent and KsefRateLimitedError says so. */
  interruptWaits(): void {
    this.interrupt.abort();
  }

  /** A signal that ends when waits are interrupted, for other waits of the client (retry backoff). */
  get waitSignal(): AbortSignal {
    return this.interrupt.signal;
  }

  async acquire(group: RateLimitGroup, key: string, signal?: AbortSignal): Promise<void> {
    if (!this.enabled) return;
    const windows = toWindows(this.limits[group]);
    const wake = signal ? AbortSignal.any([signal, this.interrupt.signal]) : this.interrupt.signal;
    for (;;) {
      const wait = await this.store.tryAcquire(this.keyOf(group, key), this.now(), windows);
      if (wait <= 0) return;
      if (wait > this.maxWaitMs) throw new KsefRateLimitedError(group, this.now() + wait);
      if (this.interrupt.signal.aborted) throw new KsefRateLimitedError(group, this.now(), 'interrupted');
      try {
        await sleep(wait, wake);
      } catch (e) {
        if (signal?.aborted) throw e;
        throw new KsefRateLimitedError(group, this.now(), 'interrupted');
      }
    }
  }

  /**
   * How many requests of `group` may go now without waiting (Infinity when limiting is off), and when fewer than
   * `need`, how long until `need` may go.
   */
  async room(group: RateLimitGroup, need = 1): Promise<RateRoom> {
    if (!this.enabled) return { room: Infinity, waitMs: 0 };
    return this.store.room(this.keyOf(group, group), this.now(), toWindows(this.limits[group]), need);
  }

  /** A 429 blocks the key for every instance until Retry-After has passed. */
  async blockUntil(key: string, untilMs: number, group?: RateLimitGroup): Promise<void> {
    await this.store.blockUntil(group === 'public' ? `${this.publicScope}|${key}` : `${this.scope}|${key}`, untilMs);
  }

  private keyOf(group: RateLimitGroup, key: string): string {
    return `${group === 'public' ? this.publicScope : this.scope}|${key}`;
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
