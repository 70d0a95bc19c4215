import { request } from 'undici';
import { webcrypto } from 'node:crypto';
import { X509CertificateGenerator, cryptoProvider } from '@peculiar/x509';
import { startSimulator, type RunningSimulator } from '../../../adapters/ksef-simulator/startSimulator.js';
import { KsefClient } from '../../../core/ksef/KsefClient.js';
import { KsefTokenAuth } from '../../../core/ksef/auth/KsefTokenAuth.js';
import { localServer } from '../../core/ksef/support/localServer.js';
import { SAMPLE_SELLER_NIP } from './support/samples.js';

cryptoProvider.set(webcrypto as unknown as Crypto);

/** A certificate KSeF no longer knows: what a client holds after an emergency key rotation. */
async function withdrawnCertificate(): Promise<string> {
  const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const cert = await X509CertificateGenerator.createSelfSigned({ name: 'CN=withdrawn', keys, signingAlgorithm: alg, notBefore: new Date('2020-01-01'), notAfter: new Date('2040-01-01') });
  return Buffer.from(cert.rawData).toString('base64');
}

let sim: RunningSimulator;
beforeAll(async () => { sim = await startSimulator({ rateLimits: 'off', processingDelayMs: 10 }); });
afterAll(() => sim.close());

describe('MF key rotation', () => {
  it('answers a 21470 by fetching the keys again and repeating auth and session open once', async () => {
    const stale = await withdrawnCertificate();
    let servedStale = 0;
    let keyFetches = 0;
    // A reverse proxy in front of the simulator that serves withdrawn keys on the first fetch only.
    const front = await localServer(async (req, res) => {
      const upstream = await request(`${sim.baseUrl.replace(/\/v2$/, '')}${req.url}`, {
        method: req.method as 'GET', headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host')) as Record<string, string>, body: req.body.length ? req.body : undefined,
      });
      let body = Buffer.from(await upstream.body.arrayBuffer());
      if (req.url.endsWith('/security/public-key-certificates') && keyFetches++ === 0) {
        const list = JSON.parse(body.toString()) as { certificate: string; publicKeyId: string }[];
        body = Buffer.from(JSON.stringify(list.map((c) => ({ ...c, certificate: stale, publicKeyId: 'd2l0aGRyYXduLWtleS1pZC0wMDAwMDAwMDAwMDAwMDA=' }))));
        servedStale++;
      }
      res.writeHead(upstream.statusCode, { 'content-type': String(upstream.headers['content-type'] ?? 'application/json') });
      res.end(body);
    });
    const { token } = sim.createToken({ nip: SAMPLE_SELLER_NIP, permissions: ['InvoiceWrite'] });
    const client = new KsefClient({ baseUrl: `${front.url}/v2`, contextNip: SAMPLE_SELLER_NIP, auth: new KsefTokenAuth(token), rateLimits: 'off', authPollIntervalMs: 10 });
    try {
      const session = await client.openOnlineSession();
      expect(session.referenceNumber).toMatch(/-SO-/);
      expect(servedStale).toBe(1);
      expect(keyFetches).toBe(2);
      expect(front.seen.filter((r) => r.url === '/v2/auth/ksef-token')).toHaveLength(2);
      expect(front.seen.filter((r) => r.url === '/v2/sessions/online')).toHaveLength(1);
    } finally {
      await client.close();
      await front.close();
    }
  });
});
