import { connect, type Socket } from 'node:net';
import { NIP_A, startRest, type RestHarness } from './restHarness.js';

const HEADERS_MS = 400;
const REQUEST_MS = 1_500;
const IDLE_MS = 1_000;

/** A raw TCP client: what it received, and when the server closed the connection (ms after `opened`). */
function rawClient(url: string): { socket: Socket; received: () => string; closed: Promise<number>; opened: number } {
  const { port } = new URL(url);
  const socket = connect(Number(port), '127.0.0.1');
  const opened = Date.now();
  let data = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => { data += chunk; });
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now() - opened)));
  return { socket, received: () => data, closed, opened };
}

// Not anchored to a line start: a pipelined answer follows the previous body directly (JSON has no final newline).
const statusLines = (text: string) => [...text.matchAll(/HTTP\/1\.1 (\d{3}) [A-Za-z]/g)].map((m) => Number(m[1]));

describe('REST API: header, request and idle timeouts over real sockets', () => {
  let h: RestHarness;
  beforeAll(async () => {
    h = await startRest({ limits: { headersTimeoutMs: HEADERS_MS, requestTimeoutMs: REQUEST_MS, idleTimeoutMs: IDLE_MS } });
  });
  afterAll(async () => { await h.stop(); });

  it('answers 408 (problem+json) and closes a connection whose headers trickle in slower than headersTimeoutMs', async () => {
    const c = rawClient(h.url);
    c.socket.write('GET /v1/contexts HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    let n = 0;
    const trickle = setInterval(() => { if (!c.socket.destroyed) c.socket.write(`X-Slow-${n++}: 1\r\n`); }, 100);
    try {
      const closedAfter = await c.closed;
      // Cut after the headers timeout, and long before the 30 s Node waits by default between its timeout checks.
      expect(closedAfter).toBeGreaterThanOrEqual(HEADERS_MS - 50);
      expect(closedAfter).toBeLessThan(HEADERS_MS + 2_000);
      expect(n).toBeGreaterThanOrEqual(2);
      expect(statusLines(c.received())).toEqual([408]);
      expect(c.received()).toMatch(/content-type: application\/problem\+json/i);
      expect(JSON.parse(c.received().split('\r\n\r\n')[1])).toMatchObject({ code: 'GW_REST_REQUEST_TIMEOUT', status: 408 });
    } finally {
      clearInterval(trickle);
    }
  });

  it('answers 408 when the headers came in time but the body does not arrive within requestTimeoutMs', async () => {
    // An authenticated request, so that the server waits for the body instead of answering 401 at once.
    const key = await h.key([NIP_A]);
    const c = rawClient(h.url);
    c.socket.write(`POST /v1/invoices HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"erpId":`);
    const closedAfter = await c.closed;
    // Node measures the request time coarsely; what matters is that the headers timeout (400 ms) did not end it.
    expect(closedAfter).toBeGreaterThanOrEqual(REQUEST_MS / 2);
    expect(closedAfter).toBeLessThan(REQUEST_MS + 3_000);
    expect(statusLines(c.received())).toEqual([408]);
  });

  it('keeps a connection open between requests, and closes it once idle for idleTimeoutMs', async () => {
    const c = rawClient(h.url);
    const request = 'GET /v1/openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n';
    const answers = (n: number) => new Promise<void>((resolve, reject) => {
      const check = () => { if (statusLines(c.received()).length >= n) { c.socket.off('data', check); resolve(); } };
      c.socket.on('data', check);
      c.socket.once('close', () => reject(new Error(`closed after ${statusLines(c.received()).length} answer(s), ${n} expected`)));
      check();
    });
    c.socket.write(request);
    await answers(1);
    // The second request on the same connection, well inside the idle time: the connection is still there for it.
    c.socket.write(request);
    await answers(2);
    expect(statusLines(c.received())).toEqual([200, 200]);
    const lastAnswer = Date.now() - c.opened;
    const closedAfter = await c.closed;
    expect(closedAfter - lastAnswer).toBeGreaterThanOrEqual(IDLE_MS / 2);
    // Node (20.20 here) keeps the socket about 1 s longer than the Keep-Alive timeout it announces, so that the client
    // closes first.
    expect(closedAfter - lastAnswer).toBeLessThan(IDLE_MS + 1_000 + 2_000);
    expect(c.socket.destroyed).toBe(true);
  });
});
