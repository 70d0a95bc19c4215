/* eslint-disable @typescript-eslint/no-explicit-any -- answers are untyped JSON, checked against openapi.json instead */
import { startSimulator, type RunningSimulator } from '../../../adapters/ksef-simulator/startSimulator.js';
import { ManualClock } from './support/ManualClock.js';
import { login } from './support/login.js';
import { SimTestClient } from './support/SimTestClient.js';

const NIP = '1111111111';
const DELAY = 50;

describe('simulator: permissions and KSeF token management', () => {
  let sim: RunningSimulator;
  let client: SimTestClient;
  const clock = new ManualClock();

  beforeAll(async () => {
    sim = await startSimulator({ now: clock.now, rateLimits: 'off', processingDelayMs: DELAY });
    client = new SimTestClient(sim.baseUrl);
  });
  afterAll(() => sim.close());

  it('answers 403 naming the missing permission when a read-only token opens a session', async () => {
    const access = await login(sim, client, clock, NIP, ['InvoiceRead'], DELAY);
    const r = await client.call('POST', '/sessions/online', { token: access, json: {} });
    expect(r.status).toBe(403);
    expect(r.body.reasonCode).toBe('missing-permissions');
    expect(r.body.security.requiredAnyOfPermissions).toContain('InvoiceWrite');
    expect(r.body.security.presentPermissions).toEqual(['InvoiceRead']);
    const list = await client.call('GET', '/sessions?sessionType=Online', { token: access });
    expect(list.status).toBe(403);
  });

  it('answers 403 for invoice download without InvoiceRead, and 401 without any token', async () => {
    const access = await login(sim, client, clock, NIP, ['InvoiceWrite'], DELAY);
    expect((await client.call('GET', `/invoices/ksef/${NIP}-20250826-0100001AF629-AF`, { token: access })).status).toBe(403);
    expect((await client.call('GET', '/sessions?sessionType=Online')).status).toBe(401);
  });

  it('generates, lists, reads and revokes tokens; a revoked token cannot authenticate', async () => {
    const admin = await login(sim, client, clock, NIP, ['CredentialsManage', 'InvoiceWrite', 'InvoiceRead'], DELAY);
    const created = await client.call('POST', '/tokens', { token: admin, json: { permissions: ['InvoiceWrite'], description: 'ERP connector' } });
    expect(created.status).toBe(202);
    expect(created.body.token).toMatch(/^\d{8}-EC-[0-9A-F]{10}-[0-9A-F]{10}-[0-9A-F]{2}\|nip-1111111111\|[0-9a-f]{64}$/);
    const ref = created.body.referenceNumber;
    const one = await client.call('GET', `/tokens/${ref}`, { token: admin });
    expect(one.body).toMatchObject({ status: 'Active', requestedPermissions: ['InvoiceWrite'], description: 'ERP connector' });
    const list = await client.call('GET', '/tokens?status=Active', { token: admin });
    expect(list.body.tokens.map((t: any) => t.referenceNumber)).toContain(ref);
    expect((await client.call('DELETE', `/tokens/${ref}`, { token: admin })).status).toBe(204);
    expect(sim.tokenStatus(ref)).toBe('Revoked');
    const op = await client.startTokenAuth(NIP, created.body.token);
    clock.advance(DELAY);
    expect(await client.authStatus(op.ref, op.authToken)).toBe(450);
  });

  it('refuses to give a new token permissions the caller does not hold (26001)', async () => {
    const admin = await login(sim, client, clock, NIP, ['CredentialsManage'], DELAY);
    const r = await client.call('POST', '/tokens', { token: admin, json: { permissions: ['InvoiceWrite'], description: 'too much' } });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].code).toBe(26001);
  });

  it('shows a caller without Credentials permissions only its own token', async () => {
    sim.createToken({ nip: NIP, permissions: ['InvoiceRead'], description: 'someone else' });
    const access = await login(sim, client, clock, NIP, ['InvoiceWrite'], DELAY);
    const list = await client.call('GET', '/tokens', { token: access });
    expect(list.body.tokens).toHaveLength(1);
    expect(list.body.tokens[0].requestedPermissions).toEqual(['InvoiceWrite']);
  });

  it('keeps sessions of one context invisible to another (21173)', async () => {
    const a = await login(sim, client, clock, NIP, ['InvoiceWrite'], DELAY);
    const b = await login(sim, client, clock, '2222222222', ['InvoiceWrite'], DELAY);
    const s = await client.openOnline(a);
    const r = await client.call('GET', `/sessions/${s.ref}`, { token: b });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].code).toBe(21173);
  });
});
