import { InMemoryRateLimitStore } from '../../../../core/ksef/rateLimit/InMemoryRateLimitStore.js';
import { endpointGroup } from '../../../../core/ksef/rateLimit/endpointGroup.js';

const windows = [{ windowMs: 1000, limit: 2 }, { windowMs: 60_000, limit: 3 }];

describe('InMemoryRateLimitStore', () => {
  it('admits up to the per-second limit, then says how long to wait', async () => {
    const s = new InMemoryRateLimitStore();
    expect(await s.tryAcquire('k', 10_000, windows)).toBe(0);
    expect(await s.tryAcquire('k', 10_100, windows)).toBe(0);
    expect(await s.tryAcquire('k', 10_200, windows)).toBe(800);
    expect(await s.tryAcquire('k', 11_000, windows)).toBe(0);
  });

  it('enforces the per-minute window in parallel with the per-second one', async () => {
    const s = new InMemoryRateLimitStore();
    for (const t of [0, 2000, 4000]) expect(await s.tryAcquire('k', t, windows)).toBe(0);
    expect(await s.tryAcquire('k', 6000, windows)).toBe(54_000);
    expect(await s.tryAcquire('k', 60_000, windows)).toBe(0);
  });

  it('does not count a refused attempt', async () => {
    const s = new InMemoryRateLimitStore();
    await s.tryAcquire('k', 0, windows);
    await s.tryAcquire('k', 1, windows);
    for (let i = 0; i < 5; i++) expect(await s.tryAcquire('k', 2, windows)).toBeGreaterThan(0);
    expect(await s.tryAcquire('k', 1000, windows)).toBe(0);
  });

  it('blocks a key until the Retry-After time for every caller', async () => {
    const s = new InMemoryRateLimitStore();
    await s.blockUntil('k', 5000);
    expect(await s.tryAcquire('k', 1000, windows)).toBe(4000);
    expect(await s.tryAcquire('other', 1000, windows)).toBe(0);
    expect(await s.tryAcquire('k', 5000, windows)).toBe(0);
  });

  it('keeps groups apart: an online send and a status poll use different counters', () => {
    expect(endpointGroup('POST', '/sessions/online/20250625-SO-2C3E6C8000-B675CF5D68-07/invoices')).toBe('invoiceSend');
    expect(endpointGroup('POST', '/sessions/online')).toBe('onlineSession');
    expect(endpointGroup('GET', '/sessions/20250625-SO-2C3E6C8000-B675CF5D68-07/invoices/20250625-EE-319D7EE000-B67F415CDC-2C')).toBe('invoiceStatus');
    expect(endpointGroup('GET', '/sessions/20250625-SO-2C3E6C8000-B675CF5D68-07/invoices/failed')).toBe('sessionInvoiceList');
    expect(endpointGroup('GET', '/sessions/20250625-SO-2C3E6C8000-B675CF5D68-07')).toBe('sessionMisc');
    expect(endpointGroup('GET', '/auth/20250514-AU-2DFC46C000-3AC6D5877F-D4')).toBe('public');
    expect(endpointGroup('POST', '/tokens')).toBe('other');
  });
});
