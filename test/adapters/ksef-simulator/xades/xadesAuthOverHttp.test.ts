import { startSimulator, type RunningSimulator } from '../../../../adapters/ksef-simulator/startSimulator.js';
import { KsefClient } from '../../../../core/ksef/KsefClient.js';
import { KsefTokenAuth } from '../../../../core/ksef/auth/KsefTokenAuth.js';
import { XadesAuth } from '../../../../core/ksef/auth/xades/XadesAuth.js';
import { XadesSigner } from '../../../../core/ksef/auth/xades/XadesSigner.js';
import { buildAuthTokenRequest } from '../../../../core/ksef/auth/xades/buildAuthTokenRequest.js';
import type { SessionInvoiceStatus } from '../../../../core/ksef/types/sessions.js';
import { testCredential } from '../../../core/credentials/support/testCredentials.js';
import { SAMPLE_SELLER_NIP, sampleWithOwnNumber, uniqueP2 } from '../../../e2e/ksef/support/samples.js';
import { until } from '../../../e2e/ksef/support/until.js';

let sim: RunningSimulator;
beforeAll(async () => { sim = await startSimulator({ processingDelayMs: 20 }); });
afterAll(async () => { await sim.close(); });

const client = (auth: KsefTokenAuth | XadesAuth, nip = SAMPLE_SELLER_NIP): KsefClient =>
  new KsefClient({ baseUrl: sim.baseUrl, contextNip: nip, auth, rateLimits: 'off', authPollIntervalMs: 30 });
const xades = async (kind: 'rsa' | 'rsa-pss' | 'ec', nip = SAMPLE_SELLER_NIP): Promise<XadesAuth> =>
  new XadesAuth(new XadesSigner((await testCredential(kind, nip)).credential));

async function postSigned(body: string): Promise<{ status: number; codes: number[] }> {
  const res = await fetch(`${sim.baseUrl}/auth/xades-signature`, {
    method: 'POST', body, headers: { 'content-type': 'application/xml', 'x-error-format': 'problem-details' },
  });
  const json = await res.json() as { errors?: { code: number }[] };
  return { status: res.status, codes: (json.errors ?? []).map((e) => e.code) };
}

async function signedRequest(nip = SAMPLE_SELLER_NIP): Promise<string> {
  const { challenge } = await (await fetch(`${sim.baseUrl}/auth/challenge`, { method: 'POST' })).json() as { challenge: string };
  const { credential } = await testCredential('ec', nip);
  const xml = buildAuthTokenRequest({ challenge, contextIdentifier: { type: 'Nip', value: nip }, subjectIdentifierType: 'certificateSubject' });
  return new XadesSigner(credential).signEnveloped(xml);
}

describe('XAdES authentication over HTTP against the simulator', () => {
  for (const kind of ['rsa', 'rsa-pss', 'ec'] as const) {
    it(`authenticates the context owner with a self-signed ${kind} seal`, async () => {
      const c = client(await xades(kind));
      await expect(c.authenticate()).resolves.toBeUndefined();
      await c.close();
    });
  }

  it('answers 400 9105 to a signed request changed in transit, and 202 to the same request unchanged', async () => {
    const signed = await signedRequest();
    expect(await postSigned(signed.replace(SAMPLE_SELLER_NIP, '1111111111'))).toEqual({ status: 400, codes: [9105] });
    expect((await postSigned(signed)).status).toBe(202);
  });

  it('refuses a replayed challenge (21111) and an unsigned request (9102)', async () => {
    const signed = await signedRequest();
    expect((await postSigned(signed)).status).toBe(202);
    expect(await postSigned(signed)).toEqual({ status: 400, codes: [21111] });
    const unsigned = signed.slice(0, signed.indexOf('<ds:Signature')) + '</AuthTokenRequest>';
    expect(await postSigned(unsigned)).toEqual({ status: 400, codes: [9102] });
  });

  it('fails authentication (415) when the certificate NIP is not the context NIP', async () => {
    const c = client(await xades('ec', '5265877635'));
    await expect(c.authenticate()).rejects.toThrow(/415|uprawnie/i);
    await c.close();
  });

  it('keeps sending when a context moves from a KSeF token to a certificate: no document lost', async () => {
    const { token } = sim.createToken({ nip: SAMPLE_SELLER_NIP, permissions: ['InvoiceWrite', 'InvoiceRead'] });
    const results: SessionInvoiceStatus[] = [];
    for (const auth of [new KsefTokenAuth(token), await xades('ec')]) {
      const c = client(auth);
      const session = await c.openOnlineSession();
      const sent = await c.sendOnlineInvoice(session, sampleWithOwnNumber('FA_3_Przyklad_1.xml', uniqueP2('XA')));
      await c.closeOnlineSession(session);
      results.push(await until(() => c.getSessionInvoice(session.referenceNumber, sent.invoiceReferenceNumber), (s) => s.status.code !== 100 && s.status.code !== 150));
      await c.close();
    }
    expect(results.map((r) => r.status.code)).toEqual([200, 200]);
    expect(results.every((r) => typeof r.ksefNumber === 'string')).toBe(true);
  });
});
