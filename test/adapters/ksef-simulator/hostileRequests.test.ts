import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { SimJwt } from '../../../adapters/ksef-simulator/crypto/SimJwt.js';
import { SimHttpError } from '../../../adapters/ksef-simulator/http/SimHttpError.js';
import { startSimulator, type RunningSimulator } from '../../../adapters/ksef-simulator/startSimulator.js';
import { ManualClock } from './support/ManualClock.js';
import { login } from './support/login.js';
import { SimTestClient } from './support/SimTestClient.js';

/**
 * Sends the request head as written (fetch would normalise `//` or refuse `%ZZ`) and returns the status line's code,
 * or 0 when the connection ended without one. `body` bytes follow the head; a declared but unsent body stays unsent.
 */
function rawRequest(port: number, head: string, body = ''): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setTimeout(10_000, () => socket.destroy(new Error(`no answer to ${head.split('\r\n')[0]}`)));
    socket.on('data', (d) => {
      answer += d.toString('latin1');
      if (answer.includes('\r\n')) {
        socket.destroy();
        resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0));
      }
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)));
    socket.write(`${head}\r\nHost: 127.0.0.1\r\n\r\n${body}`);
  });
}

describe('simulator: hostile and malformed requests', () => {
  let sim: RunningSimulator;
  const clock = new ManualClock();
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sim-hostile-'));
    sim = await startSimulator({ now: clock.now, processingDelayMs: 10, dataDir });
  });
  afterAll(async () => {
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each(['//', '///', '//[', '//a:b@', '//x:99999/'])('answers GET %s with a 4xx and keeps serving', async (target) => {
    const status = await rawRequest(sim.port, `GET ${target} HTTP/1.1`);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(await rawRequest(sim.port, 'GET /v2/no-such-thing HTTP/1.1')).toBe(404);
  });

  it('answers a malformed %-escape in a path parameter with 400, not 500', async () => {
    expect(await rawRequest(sim.port, 'GET /v2/sessions/%ZZ HTTP/1.1')).toBe(400);
    expect(await rawRequest(sim.port, 'GET /v2/sessions/%E0%A4%A HTTP/1.1')).toBe(400);
  });

  it('refuses an unauthenticated 50 MB post from its headers with 401, without waiting for the body', async () => {
    const status = await rawRequest(sim.port, 'POST /v2/sessions/online HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 50000000');
    expect(status).toBe(401);
  });

  it('refuses an authenticated body over the route limit with 413 from its Content-Length', async () => {
    const client = new SimTestClient(sim.baseUrl);
    const access = await login(sim, client, clock, '5265877635', ['InvoiceWrite'], 10);
    const status = await rawRequest(sim.port, `POST /v2/sessions/online HTTP/1.1\r\nAuthorization: Bearer ${access}\r\nContent-Type: application/json\r\nContent-Length: 50000000`);
    expect(status).toBe(413);
  });

  it('refuses a chunked body that grows past the route limit with 413', async () => {
    const client = new SimTestClient(sim.baseUrl);
    const access = await login(sim, client, clock, '5265877635', ['InvoiceWrite'], 10);
    const chunk = 'x'.repeat(1024 * 1024);
    const chunks = Array.from({ length: 9 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join('');
    const status = await rawRequest(sim.port, `POST /v2/sessions/online HTTP/1.1\r\nAuthorization: Bearer ${access}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked`, chunks);
    expect(status).toBe(413);
  });

  it('answers a chunked body that never ends with 408 once the request timeout passes, and keeps serving others', async () => {
    const slow = await startSimulator({ now: clock.now, processingDelayMs: 10, requestTimeoutMs: 1_000 });
    try {
      const client = new SimTestClient(slow.baseUrl);
      const access = await login(slow, client, clock, '5265877635', ['InvoiceWrite'], 10);
      const started = Date.now();
      const stuck = rawRequest(slow.port, `POST /v2/sessions/online HTTP/1.1\r\nAuthorization: Bearer ${access}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked`, '5\r\n{"a":\r\n');
      expect(await rawRequest(slow.port, 'GET /v2/no-such-thing HTTP/1.1')).toBe(404);
      expect(await stuck).toBe(408);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    } finally {
      await slow.close();
    }
  });

  it('refuses a batch part upload with a wrong signature before reading the part', async () => {
    const status = await rawRequest(sim.port, 'PUT /storage/batch/20261203-SB-0000000000-0000000000-00/1?se=1&sig=00 HTTP/1.1\r\nContent-Length: 100000000');
    expect(status).toBe(403);
  });

  it('keeps the state file that holds its signing secrets readable by its owner only', () => {
    for (const file of ['simulator.sqlite', 'keyring.json']) expect(statSync(join(dataDir, file)).mode & 0o777).toBe(0o600);
  });
});

describe('simulator JWT', () => {
  const secret = Buffer.alloc(32, 7);
  const forged = (per: unknown): Promise<string> => new SignJWT({ typ: 'ContextToken', arn: 'a', cit: 'Nip', civ: '5265877635', per, jti: 'j' })
    .setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('5m').setIssuer('ksef-api-sim').setAudience('ksef-api-sim').sign(secret);

  it.each([['not JSON', '[InvoiceWrite'], ['a JSON object', '{"a":1}'], ['an array of numbers', '[1,2]'], ['a number', 5]])(
    'answers 401 for a validly signed token whose permissions claim is %s',
    async (_label, per) => {
      const err = await new SimJwt(secret).verify(await forged(per), ['ContextToken'], new Date()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SimHttpError);
      expect((err as SimHttpError).answer.status).toBe(401);
    },
  );

  it('reads a well-formed permissions claim', async () => {
    const caller = await new SimJwt(secret).verify(await forged('["InvoiceWrite"]'), ['ContextToken'], new Date());
    expect(caller.permissions).toEqual(['InvoiceWrite']);
  });
});
