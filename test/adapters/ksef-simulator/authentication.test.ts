/* eslint-disable @typescript-eslint/no-explicit-any -- answers are untyped JSON, checked against openapi.json instead */
import { startSimulator, type RunningSimulator } from '../../../adapters/ksef-simulator/startSimulator.js';
import { ManualClock } from './support/ManualClock.js';
import { SimTestClient } from './support/SimTestClient.js';

const NIP = '5265877635';
const DELAY = 100;

describe('simulator: KSeF-token authentication', () => {
  let sim: RunningSimulator;
  let client: SimTestClient;
  const clock = new ManualClock();

  beforeAll(async () => {
    sim = await startSimulator({ now: clock.now, rateLimits: 'off', processingDelayMs: DELAY });
    client = new SimTestClient(sim.baseUrl);
  });
  afterAll(() => sim.close());

  async function outcome(op: { ref: string; authToken: string }): Promise<any> {
    clock.advance(DELAY);
    return (await client.call('GET', `/auth/${op.ref}`, { token: op.authToken })).body.status;
  }

  it('publishes two RSA-2048 certificates, one per usage, with publicKeyId = SHA-256 of the SPKI', async () => {
    const r = await client.call('GET', '/security/public-key-certificates');
    expect(r.body.map((c: any) => c.usage[0]).sort()).toEqual(['KsefTokenEncryption', 'SymmetricKeyEncryption']);
    const { X509Certificate, createHash } = await import('node:crypto');
    for (const c of r.body) {
      const cert = new X509Certificate(Buffer.from(c.certificate, 'base64'));
      expect(cert.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
      const spki = cert.publicKey.export({ type: 'spki', format: 'der' });
      expect(c.publicKeyId).toBe(createHash('sha256').update(spki).digest('base64'));
      expect(c.certificateId).toBe(createHash('sha256').update(cert.raw).digest('base64'));
    }
  });

  it('authenticates, redeems once, and refreshes the access token', async () => {
    const { token } = sim.createToken({ nip: NIP, permissions: ['InvoiceRead'] });
    const op = await client.startTokenAuth(NIP, token);
    expect((await outcome(op)).code).toBe(200);
    const tokens = await client.redeem(op.authToken);
    const second = await client.call('POST', '/auth/token/redeem', { token: op.authToken });
    expect(second.status).toBe(400);
    expect(second.body.errors[0].code).toBe(21301);
    const refreshed = await client.call('POST', '/auth/token/refresh', { token: tokens.refresh });
    expect(refreshed.status).toBe(200);
    expect((await client.call('GET', '/rate-limits', { token: refreshed.body.accessToken.token })).status).toBe(200);
    expect((await client.call('GET', '/rate-limits', { token: tokens.refresh })).status).toBe(401);
  });

  it('reports an unknown token, a wrong timestamp and a revoked token as status 450, not as HTTP errors', async () => {
    const unknown = await client.startTokenAuth(NIP, '20250101-EC-0000000000-0000000000-00|nip-5265877635|' + 'a'.repeat(64));
    expect(await outcome(unknown)).toMatchObject({ code: 450, details: ['Nieprawidłowy token'] });
    const { token, referenceNumber } = sim.createToken({ nip: NIP, permissions: ['InvoiceRead'] });
    const stale = await client.startTokenAuth(NIP, token, { timestampMs: 12345 });
    expect(await outcome(stale)).toMatchObject({ code: 450, details: ['Nieprawidłowy czas tokena'] });
    sim.revokeToken(referenceNumber);
    const revoked = await client.startTokenAuth(NIP, token);
    expect(await outcome(revoked)).toMatchObject({ code: 450, details: ['Token unieważniony'] });
    const redeem = await client.call('POST', '/auth/token/redeem', { token: revoked.authToken });
    expect(redeem.body.errors[0].code).toBe(21301);
  });

  it('rejects an unknown challenge with 21111 and a challenge older than 10 minutes in the status', async () => {
    const { token } = sim.createToken({ nip: NIP, permissions: ['InvoiceRead'] });
    await expect(client.startTokenAuth(NIP, token, { challenge: '20250101-CR-0000000000-0000000000-00' })).rejects.toThrow(/21111/);
    const ch = await client.call('POST', '/auth/challenge');
    clock.advance(10 * 60_000 + 1);
    const encryptedToken = await client.rsa('token', Buffer.from(`${token}|${ch.body.timestampMs}`));
    const r = await client.call('POST', '/auth/ksef-token', { json: { challenge: ch.body.challenge, contextIdentifier: { type: 'Nip', value: NIP }, encryptedToken } });
    expect(r.status).toBe(202);
    expect(await outcome({ ref: r.body.referenceNumber, authToken: r.body.authenticationToken.token })).toMatchObject({ code: 450, details: ['Nieprawidłowe wyzwanie autoryzacyjne'] });
  });

  it('lets an access token expire after its lifetime', async () => {
    const { token } = sim.createToken({ nip: NIP, permissions: ['InvoiceRead'] });
    const op = await client.startTokenAuth(NIP, token);
    await outcome(op);
    const { access } = await client.redeem(op.authToken);
    clock.advance(15 * 60_000 + 1000);
    const r = await client.call('GET', '/rate-limits', { token: access });
    expect(r.status).toBe(401);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
  });

  it('stops refresh after the authentication session is revoked, with status 425', async () => {
    const { token } = sim.createToken({ nip: NIP, permissions: ['InvoiceRead'] });
    const op = await client.startTokenAuth(NIP, token);
    await outcome(op);
    const { access, refresh } = await client.redeem(op.authToken);
    expect((await client.call('DELETE', '/auth/sessions/current', { token: access })).status).toBe(204);
    expect((await client.call('POST', '/auth/token/refresh', { token: refresh })).body.errors[0].code).toBe(21301);
    expect((await client.call('GET', `/auth/${op.ref}`, { token: op.authToken })).body.status.code).toBe(425);
  });

  it('answers 400 as ExceptionResponse unless problem details are asked for', async () => {
    client.problemDetails = false;
    try {
      const r = await client.call('POST', '/auth/ksef-token', { json: { challenge: 'x' } });
      expect(r.status).toBe(400);
      expect(r.body.exception.exceptionDetailList[0].exceptionCode).toBe(21405);
    } finally {
      client.problemDetails = true;
    }
  });

  it('lists the redeemed authentications of the context, the current one marked', async () => {
    const { token } = sim.createToken({ nip: NIP, permissions: ['InvoiceRead'] });
    const op = await client.startTokenAuth(NIP, token);
    await outcome(op);
    const { access } = await client.redeem(op.authToken);
    const r = await client.call('GET', '/auth/sessions?pageSize=10', { token: access });
    expect(r.status).toBe(200);
    const current = r.body.items.filter((i: any) => i.isCurrent);
    expect(current.map((i: any) => i.referenceNumber)).toEqual([op.ref]);
    expect((await client.call('GET', '/limits/context', { token: access })).body.onlineSession.maxInvoices).toBe(10000);
  });

  it('answers 404 problem details for a path KSeF does not have', async () => {
    const r = await fetch(`${sim.baseUrl}/no/such/endpoint`);
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
  });

  it('echoes X-Test-System-Warning as X-System-Warning, like KSeF TEST', async () => {
    const r = await client.call('POST', '/auth/challenge', { headers: { 'X-Test-System-Warning': '[W1]: planned maintenance' } });
    expect(r.headers.get('x-system-warning')).toBe('[W1]: planned maintenance');
  });

  it('enforces the allowed IPs of the authorization policy on access tokens (403 ip-not-allowed)', async () => {
    const withPolicy = async (allowedIps: unknown): Promise<string> => {
      const { token } = sim.createToken({ nip: NIP, permissions: ['InvoiceRead'] });
      const op = await client.startTokenAuth(NIP, token, { authorizationPolicy: { allowedIps } });
      await outcome(op);
      return (await client.redeem(op.authToken)).access;
    };
    const elsewhere = await client.call('GET', '/limits/context', { token: await withPolicy({ ip4Addresses: ['10.1.2.3'] }) });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.reasonCode).toBe('ip-not-allowed');
    const loopback = await client.call('GET', '/limits/context', { token: await withPolicy({ ip4Masks: ['127.0.0.0/8'] }) });
    expect(loopback.status).toBe(200);
  });

  it('fails authentication with 480 while the context is blocked through /testdata/context/block', async () => {
    const ctx = { contextIdentifier: { type: 'Nip', value: NIP } };
    expect((await client.call('POST', '/testdata/context/block', { json: ctx })).status).toBe(200);
    const { token } = sim.createToken({ nip: NIP, permissions: ['InvoiceRead'] });
    expect((await outcome(await client.startTokenAuth(NIP, token))).code).toBe(480);
    await client.call('POST', '/testdata/context/unblock', { json: ctx });
    expect((await outcome(await client.startTokenAuth(NIP, token))).code).toBe(200);
  });
});

