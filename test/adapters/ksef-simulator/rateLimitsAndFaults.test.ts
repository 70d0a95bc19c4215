/* eslint-disable @typescript-eslint/no-explicit-any -- answers are untyped JSON, checked against openapi.json instead */
import { PRODUCTION_LIMITS } from '../../../adapters/ksef-simulator/limits/RateLimitTable.js';
import { startSimulator, type RunningSimulator } from '../../../adapters/ksef-simulator/startSimulator.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { ManualClock } from './support/ManualClock.js';
import { login } from './support/login.js';
import { SAMPLE_SELLER_NIP, SimTestClient, sampleInvoice } from './support/SimTestClient.js';

const DELAY = 100;

describe('simulator: rate limits', () => {
  let sim: RunningSimulator;
  let client: SimTestClient;
  const clock = new ManualClock();
  let access: string;

  beforeAll(async () => {
    sim = await startSimulator({ now: clock.now, rateLimits: 'production', processingDelayMs: DELAY });
    client = new SimTestClient(sim.baseUrl);
    access = await login(sim, client, clock, '3333333333', ['InvoiceWrite'], DELAY);
  });
  afterAll(() => sim.close());

  const listSessions = (): Promise<any> => client.call('GET', '/sessions?sessionType=Online', { token: access });

  it('answers 429 with Retry-After past 5 session listings per second, and lets the next second through', async () => {
    for (let i = 0; i < 5; i++) expect((await listSessions()).status).toBe(200);
    const limited = await listSessions();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.body.detail).toMatch(/5/);
    clock.advance(1000);
    expect((await listSessions()).status).toBe(200);
  });

  it('counts the requests it refused for going over a limit, per group, and not the injected 429s', async () => {
    clock.advance(61_000);
    const before = sim.rateLimitRefusals().sessionList ?? 0;
    for (let i = 0; i < 5; i++) expect((await listSessions()).status).toBe(200);
    expect((await listSessions()).status).toBe(429);
    expect((await listSessions()).status).toBe(429);
    expect(sim.rateLimitRefusals().sessionList).toBe(before + 2);
    sim.setFaults({ tooManyRequestsRate: 1 });
    try {
      expect((await listSessions()).status).toBe(429);
    } finally {
      sim.setFaults({});
    }
    expect(sim.rateLimitRefusals().sessionList).toBe(before + 2);
    clock.advance(1000);
  });

  it('reports the most requests it admitted within one window of each limit, against the limit', async () => {
    clock.advance(61_000);
    for (let i = 0; i < 5; i++) expect((await listSessions()).status).toBe(200);
    expect((await listSessions()).status).toBe(429);
    const peak = sim.rateLimitPeakUse();
    expect(peak['sessionList.perSecond']).toEqual({ used: 5, limit: PRODUCTION_LIMITS.sessionList.perSecond });
    // Refused requests are not admitted: the second's peak stays at its limit.
    expect(peak['sessionList.perMinute'].used).toBeGreaterThanOrEqual(5);
    expect(peak['sessionList.perMinute'].limit).toBe(PRODUCTION_LIMITS.sessionList.perMinute);
    expect(peak['batchSession.perHour']).toBeUndefined();
    clock.advance(1000);
  });

  it('enforces the minute window too, with a Retry-After up to the minute', async () => {
    clock.advance(60_000);
    for (let i = 0; i < 10; i++) {
      expect((await listSessions()).status).toBe(200);
      clock.advance(1000);
    }
    const limited = await listSessions();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(40);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
  });

  it('answers the legacy 429 body without the problem-details header', async () => {
    clock.advance(3_600_000);
    access = await login(sim, client, clock, '3333333333', ['InvoiceWrite'], DELAY);
    sim.setRateLimits({ ...PRODUCTION_LIMITS, sessionList: { perSecond: 1, perMinute: 100, perHour: 100 } });
    client.problemDetails = false;
    try {
      await listSessions();
      const limited = await listSessions();
      expect(limited.status).toBe(429);
      expect(limited.body.status.code).toBe(429);
    } finally {
      client.problemDetails = true;
    }
  });

  it('counts limits per context: another context is not slowed by the first', async () => {
    sim.setRateLimits({ ...PRODUCTION_LIMITS, sessionList: { perSecond: 1, perMinute: 100, perHour: 100 } });
    const other = await login(sim, client, clock, '4444444444', ['InvoiceWrite'], DELAY);
    await listSessions();
    expect((await listSessions()).status).toBe(429);
    expect((await client.call('GET', '/sessions?sessionType=Online', { token: other })).status).toBe(200);
  });

  it('reports the effective limits and lets them be switched off', async () => {
    const r = await client.call('GET', '/rate-limits', { token: access });
    expect(r.body.sessionList).toEqual({ perSecond: 1, perMinute: 100, perHour: 100 });
    sim.setRateLimits('off');
    for (let i = 0; i < 20; i++) expect((await listSessions()).status).toBe(200);
  });
});

describe('simulator: fault injection', () => {
  let sim: RunningSimulator;
  let client: SimTestClient;
  const clock = new ManualClock();
  let access: string;

  beforeAll(async () => {
    sim = await startSimulator({ now: clock.now, rateLimits: 'off', processingDelayMs: DELAY, schemasDir: SCHEMAS_DIR });
    client = new SimTestClient(sim.baseUrl);
    access = await login(sim, client, clock, SAMPLE_SELLER_NIP, ['InvoiceWrite'], DELAY);
  });
  afterEach(() => sim.setFaults({}));
  afterAll(() => sim.close());

  it('answers 500 with an ExceptionResponse when told to fail every request', async () => {
    sim.setFaults({ serverErrorRate: 1 });
    const r = await client.call('GET', '/sessions?sessionType=Online', { token: access });
    expect(r.status).toBe(500);
    expect(r.body.exception.exceptionDetailList[0].exceptionCode).toBe(500);
  });

  it('drops the connection mid-request', async () => {
    sim.setFaults({ dropRate: 1 });
    await expect(fetch(`${sim.baseUrl}/auth/challenge`, { method: 'POST' })).rejects.toThrow();
  });

  it('limits faults to matching paths', async () => {
    sim.setFaults({ serverErrorRate: 1, match: '/invoices' });
    expect((await client.call('POST', '/auth/challenge')).status).toBe(200);
  });

  it('can lose the answer after doing the work: the invoice exists although the client saw 503', async () => {
    const s = await client.openOnline(access);
    sim.setFaults({ lostResponseRate: 1, match: '/invoices' });
    const r = await client.send(access, s, sampleInvoice(`SIMF/${Date.now()}`));
    expect(r.status).toBe(503);
    expect(sim.sessionInvoices(s.ref)).toHaveLength(1);
  });

  it('can drop the connection after doing the work: the session exists although the client saw a reset', async () => {
    const before = sim.sessionCount(SAMPLE_SELLER_NIP);
    sim.setFaults({ dropAfterHandlingRate: 1, match: '/sessions/online' });
    await expect(client.openOnline(access)).rejects.toThrow();
    expect(sim.sessionCount(SAMPLE_SELLER_NIP)).toBe(before + 1);
  });

  it('delays the answer after doing the work: KSeF has taken the invoice in while the client still waits', async () => {
    const s = await client.openOnline(access);
    const invoiceNumber = `SIMD/${Date.now()}`;
    sim.setFaults({ answerDelayMs: 500, match: /\/invoices$/ });
    const mark = sim.lastRequestSeq();
    let answered = false;
    const sending = client.send(access, s, sampleInvoice(invoiceNumber)).then((r) => { answered = true; return r; });
    while (sim.submissions({ sellerNip: SAMPLE_SELLER_NIP, invoiceNumber }).length === 0) await new Promise((r) => setTimeout(r, 5));
    expect(answered).toBe(false);
    expect((await sending).status).toBe(202);
    expect(sim.requestsReceived(mark).map((r) => `${r.method} ${r.path}`)).toEqual([`POST /v2/sessions/online/${s.ref}/invoices`]);
  });

  it('records a request on arrival, before a latency fault holds it', async () => {
    sim.setFaults({ latencyMs: 500, match: '/auth/challenge' });
    const mark = sim.lastRequestSeq();
    const asking = client.call('POST', '/auth/challenge');
    while (sim.requestsReceived(mark).length === 0) await new Promise((r) => setTimeout(r, 5));
    expect(sim.requestsReceived(mark)).toEqual([expect.objectContaining({ seq: mark + 1, method: 'POST', path: '/v2/auth/challenge' })]);
    expect((await asking).status).toBe(200);
  });

  it('slows processing: an invoice stays in progress for the extra time', async () => {
    const s = await client.openOnline(access);
    sim.setFaults({ slowProcessingMs: 5000 });
    const sent = await client.send(access, s, sampleInvoice(`SIMS/${Date.now()}`));
    clock.advance(DELAY + 1);
    expect((await client.invoiceStatus(access, s, sent.body.referenceNumber)).body.status.code).toBeLessThan(200);
    clock.advance(5000);
    expect((await client.invoiceStatus(access, s, sent.body.referenceNumber)).body.status.code).toBe(200);
  });

  it('uses the random source it is given for probabilities', async () => {
    const draws = [0.9, 0.1];
    sim.setFaults({ serverErrorRate: 0.5, random: () => draws.shift() ?? 1 });
    expect((await client.call('POST', '/auth/challenge')).status).toBe(200);
    expect((await client.call('POST', '/auth/challenge')).status).toBe(500);
  });
});
