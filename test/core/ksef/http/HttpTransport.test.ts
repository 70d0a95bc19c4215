import { Agent } from 'undici';
import { HttpTransport } from '../../../../core/ksef/http/HttpTransport.js';
import { RateLimiter } from '../../../../core/ksef/rateLimit/RateLimiter.js';
import { InMemoryRateLimitStore } from '../../../../core/ksef/rateLimit/InMemoryRateLimitStore.js';
import { KsefApiError } from '../../../../core/ksef/errors/KsefApiError.js';
import { capturingLogger, localServer, sendJson, type Handler } from '../support/localServer.js';

const dispatcher = new Agent();
afterAll(() => dispatcher.close());

async function setup(handler: Handler, limiterOn = false) {
  const server = await localServer(handler);
  const { logger, lines } = capturingLogger();
  const limiter = new RateLimiter(new InMemoryRateLimitStore(), 'scope', limiterOn, { other: { perSecond: 2, perMinute: 100, perHour: 1000 } });
  const http = new HttpTransport({
    baseUrl: `${server.url}/v2`, dispatcher, limiter, logger, now: Date.now, timeoutMs: 5000,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
  });
  return { server, http, lines };
}

describe('HttpTransport', () => {
  it('sends X-Error-Format and the bearer token, and reads problem details into typed errors', async () => {
    const { server, http } = await setup((_req, res) => sendJson(res, 400, {
      title: 'Bad Request', status: 400, detail: 'x', errors: [{ code: 21405, description: 'Błąd walidacji danych wejściowych.', details: ['pageSize'] }],
    }));
    const err = await http.json({ method: 'GET', path: '/tokens', bearer: 'jwt-1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KsefApiError);
    expect((err as KsefApiError).httpStatus).toBe(400);
    expect((err as KsefApiError).hasCode(21405)).toBe(true);
    expect((err as KsefApiError).kind).toBe('data');
    expect(server.seen[0].headers['x-error-format']).toBe('problem-details');
    expect(server.seen[0].headers.authorization).toBe('Bearer jwt-1');
    expect(server.seen[0].url).toBe('/v2/tokens');
    await server.close();
  });

  it('reads the legacy exception format too', async () => {
    const { server, http } = await setup((_req, res) => sendJson(res, 400, {
      exception: { exceptionDetailList: [{ exceptionCode: 21470, exceptionDescription: 'Klucz nieznany' }], timestamp: 'now' },
    }));
    const err = (await http.send({ method: 'POST', path: '/sessions/online', json: {} }).catch((e: unknown) => e)) as KsefApiError;
    expect(err.hasCode(21470)).toBe(true);
    await server.close();
  });

  it('honours Retry-After on 429 and then succeeds, even for a non-idempotent request', async () => {
    let calls = 0;
    const { server, http, lines } = await setup((_req, res) => {
      calls++;
      if (calls === 1) sendJson(res, 429, { title: 'Too Many Requests', status: 429 }, { 'retry-after': '0' });
      else sendJson(res, 202, { referenceNumber: 'r' });
    });
    await expect(http.json({ method: 'POST', path: '/sessions/online/x/invoices', json: {}, retry: 'unsafe' })).resolves.toEqual({ referenceNumber: 'r' });
    expect(calls).toBe(2);
    expect(lines.some((l) => l.includes('"httpStatus":429'))).toBe(true);
    await server.close();
  });

  it('retries a 5xx for a safe request with backoff', async () => {
    let calls = 0;
    const { server, http } = await setup((_req, res) => (++calls < 3 ? sendJson(res, 503, {}) : sendJson(res, 200, { ok: true })));
    await expect(http.json({ method: 'GET', path: '/sessions/x' })).resolves.toEqual({ ok: true });
    expect(calls).toBe(3);
    await server.close();
  });

  it('never repeats an unsafe request after a 5xx: the outcome is unknown', async () => {
    let calls = 0;
    const { server, http } = await setup((_req, res) => { calls++; sendJson(res, 500, {}); });
    const err = (await http.send({ method: 'POST', path: '/sessions/online/x/invoices', json: {}, retry: 'unsafe' }).catch((e: unknown) => e)) as KsefApiError;
    expect(err.httpStatus).toBe(500);
    expect(err.kind).toBe('transient');
    expect(calls).toBe(1);
    await server.close();
  });

  it('sends no Authorization and no KSeF headers to a pre-signed URL, and uses the given method and headers', async () => {
    const { server, http } = await setup((_req, res) => { res.statusCode = 201; res.end(); });
    await http.send({ method: 'PUT', path: `${server.url}/storage/part1?sig=abc`, bearer: 'jwt-1', headers: { 'x-ms-blob-type': 'BlockBlob' }, body: new Uint8Array([1, 2, 3]) });
    const seen = server.seen[0];
    expect(seen.method).toBe('PUT');
    expect(seen.headers.authorization).toBeUndefined();
    expect(seen.headers['x-error-format']).toBeUndefined();
    expect(seen.headers['x-ms-blob-type']).toBe('BlockBlob');
    expect([...seen.body]).toEqual([1, 2, 3]);
    await server.close();
  });

  it('posts a bodiless request without Content-Type', async () => {
    const { server, http } = await setup((_req, res) => sendJson(res, 200, { challenge: 'c' }));
    await http.json({ method: 'POST', path: '/auth/challenge' });
    expect(server.seen[0].headers['content-type']).toBeUndefined();
    await server.close();
  });

  it('logs X-System-Warning', async () => {
    const { server, http, lines } = await setup((_req, res) => sendJson(res, 200, {}, { 'x-system-warning': '[W1]: planowana przerwa' }));
    await http.json({ method: 'GET', path: '/rate-limits' });
    expect(lines.some((l) => l.includes('planowana przerwa') && l.includes('KSeF system warning'))).toBe(true);
    await server.close();
  });

  it('repeats array query parameters', async () => {
    const { server, http } = await setup((_req, res) => sendJson(res, 200, {}));
    await http.json({ method: 'GET', path: '/tokens', query: { status: ['Active', 'Pending'], pageSize: 10, description: undefined } });
    expect(server.seen[0].url).toBe('/v2/tokens?status=Active&status=Pending&pageSize=10');
    await server.close();
  });

  it('turns a connection failure into a transient error with status 0', async () => {
    const { server, http } = await setup((_req, res) => sendJson(res, 200, {}));
    await server.close();
    const err = (await http.send({ method: 'GET', path: '/tokens' }).catch((e: unknown) => e)) as KsefApiError;
    expect(err.httpStatus).toBe(0);
    expect(err.code).toBe('GW_KSEF_NETWORK');
    expect(err.kind).toBe('transient');
  });
});
