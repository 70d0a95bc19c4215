import { RateLimiter } from '../../../../core/ksef/rateLimit/RateLimiter.js';
import { InMemoryRateLimitStore } from '../../../../core/ksef/rateLimit/InMemoryRateLimitStore.js';
import { DEFAULT_RATE_LIMITS } from '../../../../core/ksef/rateLimit/defaultRateLimits.js';
import type { RateLimitStore, RateWindow } from '../../../../core/ksef/rateLimit/RateLimitStore.js';

/** Records what the limiter asks the store, answering "go" each time. */
class SpyStore implements RateLimitStore {
  readonly calls: { key: string; windows: readonly RateWindow[] }[] = [];
  async tryAcquire(key: string, _now: number, windows: readonly RateWindow[]): Promise<number> {
    this.calls.push({ key, windows });
    return 0;
  }
  async blockUntil(): Promise<void> {}
}

describe('RateLimiter', () => {
  it('starts from the PROTOCOL.md §10.2 table and applies GET /rate-limits over it', async () => {
    const store = new SpyStore();
    const limiter = new RateLimiter(store, 'ctx', true);
    expect(limiter.current().invoiceSend).toEqual({ perSecond: 10, perMinute: 30, perHour: 180 });
    limiter.update({ invoiceSend: { perSecond: 3, perMinute: 7, perHour: 11 } });
    await limiter.acquire('invoiceSend', 'invoiceSend');
    expect(store.calls[0].windows.map((w) => w.limit)).toEqual([3, 7, 11]);
    expect(store.calls[0].key).toBe('ctx|invoiceSend');
    expect(limiter.current().onlineSession).toEqual(DEFAULT_RATE_LIMITS.onlineSession);
  });

  it('shares one budget between instances that share a store and context (DECISIONS.md 15)', async () => {
    const store = new InMemoryRateLimitStore();
    const now = () => 1_000_000;
    const a = new RateLimiter(store, 'https://ksef|Nip:1', true, { other: { perSecond: 2, perMinute: 100, perHour: 100 } }, now);
    const b = new RateLimiter(store, 'https://ksef|Nip:1', true, { other: { perSecond: 2, perMinute: 100, perHour: 100 } }, now);
    await a.acquire('other', 'k');
    await b.acquire('other', 'k');
    const windows = [{ windowMs: 1100, limit: 2 }];
    expect(await store.tryAcquire('https://ksef|Nip:1|k', now(), windows)).toBeGreaterThan(0);
    expect(await store.tryAcquire('https://ksef|Nip:2|k', now(), windows)).toBe(0);
  });

  it('asks the store nothing when switched off', async () => {
    const store = new SpyStore();
    await new RateLimiter(store, 'ctx', false).acquire('invoiceSend', 'invoiceSend');
    expect(store.calls).toHaveLength(0);
  });
});
