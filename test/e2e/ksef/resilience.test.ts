import { startSimulator, type RunningSimulator } from '../../../adapters/ksef-simulator/startSimulator.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { KsefClient } from '../../../core/ksef/KsefClient.js';
import { KsefTokenAuth } from '../../../core/ksef/auth/KsefTokenAuth.js';
import { KsefOutcomeUnknownError } from '../../../core/ksef/errors/KsefOutcomeUnknownError.js';
import { KsefAuthError } from '../../../core/ksef/errors/KsefAuthError.js';
import type { KsefClientOptions } from '../../../core/ksef/types/KsefClientOptions.js';
import { recordingDispatcher } from './support/recordingDispatcher.js';
import { ONLINE_SAMPLES, SAMPLE_SELLER_NIP, sampleWithOwnNumber, uniqueP2 } from './support/samples.js';
import { until } from './support/until.js';

let sim: RunningSimulator;
const opened: { client: KsefClient; close(): Promise<void> }[] = [];

beforeAll(async () => {
  sim = await startSimulator({ schemasDir: SCHEMAS_DIR, rateLimits: 'off', processingDelayMs: 30 });
});

afterAll(async () => {
  for (const o of opened) await o.client.close().then(o.close);
  await sim.close();
});

function clientFor(token: string, extra: Partial<KsefClientOptions> = {}) {
  const rec = recordingDispatcher();
  const client = new KsefClient({
    baseUrl: sim.baseUrl, contextNip: SAMPLE_SELLER_NIP, auth: new KsefTokenAuth(token), dispatcher: rec.dispatcher,
    authPollIntervalMs: 30, retry: { baseDelayMs: 5, maxDelayMs: 20 }, rateLimits: 'off', ...extra,
  } as KsefClientOptions);
  opened.push({ client, close: rec.close });
  return { client, rec };
}

const newToken = () => sim.createToken({ nip: SAMPLE_SELLER_NIP, permissions: ['InvoiceWrite', 'InvoiceRead', 'CredentialsManage'] });

describe('resilience against the simulator', () => {
  it('fails authentication with a revoked token as a config error carrying KSeF status 450', async () => {
    const t = newToken();
    sim.revokeToken(t.referenceNumber);
    const { client } = clientFor(t.token);
    const err = await client.authenticate().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KsefAuthError);
    expect((err as KsefAuthError).status.code).toBe(450);
    expect((err as KsefAuthError).kind).toBe('config');
    expect(JSON.stringify(err) + String((err as Error).message)).not.toContain(t.token.split('|').pop()!);
  });

  it('rides out a 429 storm by honouring Retry-After, without losing or doubling an invoice', async () => {
    sim.setRateLimits({ invoiceSend: { perSecond: 2, perMinute: 1000, perHour: 10000 } } as never);
    try {
      const { client, rec } = clientFor(newToken().token, { rateLimits: 'off', retry: { maxAttempts: 12, baseDelayMs: 5, maxDelayMs: 20 } });
      const session = await client.openOnlineSession();
      const sent = await Promise.all(Array.from({ length: 6 }, () => client.sendOnlineInvoice(session, sampleWithOwnNumber(ONLINE_SAMPLES[0], uniqueP2('RL')))));
      const sends = rec.requests.filter((r) => r.path.endsWith('/invoices') && r.method === 'POST');
      expect(sends.length).toBeGreaterThan(6); // some were refused with 429 and sent again
      expect(new Set(sent.map((s) => s.invoiceReferenceNumber)).size).toBe(6);
      expect(sim.sessionInvoices(session.referenceNumber)).toHaveLength(6);
    } finally {
      sim.setRateLimits('off');
    }
  });

  it('keeps under the limits by itself when it knows them: no 429 at all', async () => {
    const table = { invoiceSend: { perSecond: 2, perMinute: 1000, perHour: 10000 } };
    sim.setRateLimits(table as never);
    try {
      const { client, rec } = clientFor(newToken().token, { rateLimits: table, retry: { maxAttempts: 1 } });
      const session = await client.openOnlineSession();
      await Promise.all(Array.from({ length: 5 }, () => client.sendOnlineInvoice(session, sampleWithOwnNumber(ONLINE_SAMPLES[1], uniqueP2('RL2')))));
      expect(rec.requests.filter((r) => r.path.endsWith('/invoices') && r.method === 'POST')).toHaveLength(5);
    } finally {
      sim.setRateLimits('off');
    }
  });

  it('retries injected 5xx on reads until they succeed', async () => {
    const { client } = clientFor(newToken().token, { retry: { maxAttempts: 8, baseDelayMs: 5, maxDelayMs: 20 } });
    const session = await client.openOnlineSession();
    let n = 0;
    sim.setFaults({ serverErrorRate: 0.5, match: `/sessions/${session.referenceNumber}`, random: () => (n++ % 3 === 2 ? 0.99 : 0) });
    try {
      const status = await client.getSessionStatus(session.referenceNumber);
      expect(status.status.code).toBe(100);
      expect(n).toBeGreaterThanOrEqual(3);
    } finally {
      sim.setFaults({});
    }
  });

  it.each([
    ['a lost answer (503 after KSeF took it)', { lostResponseRate: 1 }],
    ['a connection dropped after KSeF took it', { dropAfterHandlingRate: 1 }],
    ['a 500 before KSeF took it', { serverErrorRate: 1 }],
  ])('authenticates after %s on the token start, with a new challenge each try (a replayed one ends in 450)', async (_what, fault) => {
    const { client, rec } = clientFor(newToken().token);
    let faulted = 0;
    // Only the first start fails; the challenge request is outside the match.
    sim.setFaults({ ...fault, match: '/auth/ksef-token', random: () => (faulted++ === 0 ? 0 : 1) });
    try {
      await client.authenticate();
    } finally {
      sim.setFaults({});
    }
    const starts = rec.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/auth/ksef-token'));
    expect(starts).toHaveLength(2);
    const challenges = starts.map((r) => (JSON.parse(r.body!) as { challenge: string }).challenge);
    expect(new Set(challenges).size).toBe(2);
    expect(rec.requests.filter((r) => r.path.endsWith('/auth/challenge'))).toHaveLength(2);
  });

  it.each([
    ['a lost response (503 after the work was done)', { lostResponseRate: 1 }, 1],
    ['a dropped connection (before the work was done)', { dropRate: 1 }, 0],
  ])('turns %s on send into outcome-unknown, resolved through the status endpoints, never by a blind resend', async (_what, fault, processed) => {
    const { client, rec } = clientFor(newToken().token);
    const session = await client.openOnlineSession();
    const xml = sampleWithOwnNumber(ONLINE_SAMPLES[2], uniqueP2('LOST'));
    sim.setFaults({ ...fault, match: `/sessions/online/${session.referenceNumber}/invoices` });
    const err = await client.sendOnlineInvoice(session, xml).catch((e: unknown) => e);
    sim.setFaults({});
    expect(err).toBeInstanceOf(KsefOutcomeUnknownError);
    const outcome = (err as KsefOutcomeUnknownError).outcome;
    if (outcome.operation !== 'sendOnlineInvoice') throw new Error(`unexpected ${outcome.operation}`);
    expect(outcome.sessionReferenceNumber).toBe(session.referenceNumber);
    expect(rec.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/invoices'))).toHaveLength(1);
    const found = await client.findSentInvoice(outcome.sessionReferenceNumber, outcome.invoiceHash);
    expect(sim.sessionInvoices(session.referenceNumber)).toHaveLength(processed);
    if (processed) {
      expect(found?.referenceNumber).toBe(sim.sessionInvoices(session.referenceNumber)[0].referenceNumber);
    } else {
      expect(found).toBeUndefined(); // KSeF never saw it: now, and only now, sending again is safe
      await client.sendOnlineInvoice(session, xml);
      expect(sim.sessionInvoices(session.referenceNumber)).toHaveLength(1);
    }
  });

  it('generates, lists, reads and revokes a KSeF token; the revoked token no longer authenticates', async () => {
    const { client } = clientFor(newToken().token);
    const generated = await client.generateToken({ permissions: ['InvoiceRead'], description: 'e2e generated token' });
    expect(generated.token.length).toBeGreaterThan(20);
    const info = await until(() => client.getToken(generated.referenceNumber), (t) => t.status !== 'Pending');
    expect(info.status).toBe('Active');
    expect(info.description).toBe('e2e generated token');
    const list = await client.listTokens({ status: ['Active'], pageSize: 10 });
    expect(list.tokens.map((t) => t.referenceNumber)).toContain(generated.referenceNumber);
    await client.revokeToken(generated.referenceNumber);
    const after = await until(() => client.getToken(generated.referenceNumber), (t) => t.status === 'Revoked');
    expect(after.status).toBe('Revoked');
    const other = clientFor(generated.token).client;
    await expect(other.authenticate()).rejects.toBeInstanceOf(KsefAuthError);
  });
});
