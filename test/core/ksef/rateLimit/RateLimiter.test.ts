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
  async room(): Promise<{ room: number; waitMs: number }> { return { room: 1, waitMs: 0 }; }
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

  it('throws instead of sleeping when the window has no room for longer than the caller may wait', async () => {
    const store = new InMemoryRateLimitStore();
    let t = 1_000_000;
    const limiter = new RateLimiter(store, 'ctx', true, { invoiceSend: { perSecond: 10, perMinute: 2, perHour: 100 } }, () => t, { maxWaitMs: 500 });
    await limiter.acquire('invoiceSend', 'invoiceSend');
    await limiter.acquire('invoiceSend', 'invoiceSend');
    expect(await limiter.room('invoiceSend')).toEqual({ room: 0, waitMs: expect.any(Number) });
    const started = Date.now();
    const err = await limiter.acquire('invoiceSend', 'invoiceSend').catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(400);
    expect(err).toMatchObject({ code: 'GW_KSEF_RATE_LIMIT_WAIT', kind: 'transient' });
    expect((err as { retryAt: number }).retryAt).toBeGreaterThan(t + 59_000);
    t += 70_000;
    expect((await limiter.room('invoiceSend')).room).toBe(2);
  });

  it('reports the room left in the tightest window', async () => {
    const store = new InMemoryRateLimitStore();
    const limiter = new RateLimiter(store, 'ctx', true, { invoiceSend: { perSecond: 10, perMinute: 30, perHour: 180 } }, () => 5_000_000);
    expect(await limiter.room('invoiceSend')).toEqual({ room: 10, waitMs: 0 });
    for (let i = 0; i < 4; i++) await limiter.acquire('invoiceSend', 'invoiceSend');
    expect(await limiter.room('invoiceSend')).toEqual({ room: 6, waitMs: 0 });
  });

  it('says when two requests fit when one is left (a batch needs open and close): when the oldest hit leaves the hour', async () => {
    const store = new InMemoryRateLimitStore();
    let t = 1_000_000;
    const limiter = new RateLimiter(store, 'ctx', true, { batchSession: { perSecond: 10, perMinute: 20, perHour: 3 } }, () => t);
    const first = t;
    for (let i = 0; i < 2; i++) {
      await limiter.acquire('batchSession', 'batchSession');
      t += 120_000;
    }
    const one = await limiter.room('batchSession');
    expect(one).toEqual({ room: 1, waitMs: 0 });
    const two = await limiter.room('batchSession', 2);
    expect(two.room).toBe(1);
    // The window has a small safety margin beyond the hour; the wait ends just after the first hit leaves it.
    expect(t + two.waitMs).toBeGreaterThan(first + 3_600_000);
    expect(t + two.waitMs).toBeLessThan(first + 3_800_000);
  });

  it('ends a wait at once when its waits are interrupted (shutdown)', async () => {
    const store = new InMemoryRateLimitStore();
    const limiter = new RateLimiter(store, 'ctx', true, { invoiceSend: { perSecond: 1, perMinute: 1, perHour: 100 } });
    await limiter.acquire('invoiceSend', 'invoiceSend');
    const waiting = limiter.acquire('invoiceSend', 'invoiceSend').catch((e: unknown) => e);
    setTimeout(() => limiter.interruptWaits(), 50);
    const started = Date.now();
    expect(await waiting).toMatchObject({ code: 'GW_KSEF_INTERRUPTED' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('counts the public (auth) endpoints per egress, shared by every context of the gateway', async () => {
    const store = new InMemoryRateLimitStore();
    const now = () => 7_000_000;
    const a = new RateLimiter(store, 'url|Nip:1111111111', true, { public: { perSecond: 2, perMinute: Infinity, perHour: Infinity } }, now, {}, 'url|egress:default');
    const b = new RateLimiter(store, 'url|Nip:2222222222', true, { public: { perSecond: 2, perMinute: Infinity, perHour: Infinity } }, now, { maxWaitMs: 0 }, 'url|egress:default');
    await a.acquire('public', 'public');
    await a.acquire('public', 'public');
    await expect(b.acquire('public', 'public')).rejects.toMatchObject({ code: 'GW_KSEF_RATE_LIMIT_WAIT' });
    expect((await b.room('invoiceSend')).room).toBeGreaterThan(0);
  });
});
