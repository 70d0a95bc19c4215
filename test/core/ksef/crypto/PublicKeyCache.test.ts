import { createHash } from 'node:crypto';
import { X509Certificate as PeculiarCert, X509CertificateGenerator, cryptoProvider } from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import { PublicKeyCache } from '../../../../core/ksef/crypto/PublicKeyCache.js';
import type { KsefHttp, KsefRequest } from '../../../../core/ksef/http/KsefHttp.js';

cryptoProvider.set(webcrypto as unknown as Crypto);

async function cert(name: string): Promise<{ der: string; spkiId: string }> {
  const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const c: PeculiarCert = await X509CertificateGenerator.createSelfSigned({ name: `CN=${name}`, keys, signingAlgorithm: alg, notBefore: new Date('2020-01-01'), notAfter: new Date('2040-01-01') });
  const spki = Buffer.from(await webcrypto.subtle.exportKey('spki', keys.publicKey));
  return { der: Buffer.from(c.rawData).toString('base64'), spkiId: createHash('sha256').update(spki).digest('base64') };
}

function fakeHttp(lists: unknown[][]): KsefHttp & { calls: number } {
  const http = {
    calls: 0,
    send: async () => { throw new Error('unused'); },
    json: async <T>(_req: KsefRequest) => lists[Math.min(http.calls++, lists.length - 1)] as T,
  };
  return http;
}

describe('PublicKeyCache', () => {
  const now = Date.parse('2026-06-01T00:00:00Z');
  let a: { der: string; spkiId: string };
  let b: { der: string; spkiId: string };
  beforeAll(async () => { [a, b] = await Promise.all([cert('a'), cert('b')]); });

  it('picks, per usage, the certificate valid now with the latest validFrom, and caches it', async () => {
    const http = fakeHttp([[
      { certificate: a.der, publicKeyId: 'old', validFrom: '2025-01-01T00:00:00Z', validTo: '2027-01-01T00:00:00Z', usage: ['SymmetricKeyEncryption'] },
      { certificate: b.der, publicKeyId: 'new', validFrom: '2026-01-01T00:00:00Z', validTo: '2027-01-01T00:00:00Z', usage: ['SymmetricKeyEncryption'] },
      { certificate: a.der, publicKeyId: 'future', validFrom: '2026-12-01T00:00:00Z', validTo: '2028-01-01T00:00:00Z', usage: ['SymmetricKeyEncryption'] },
      { certificate: a.der, publicKeyId: 'tok', validFrom: '2025-01-01T00:00:00Z', validTo: '2027-01-01T00:00:00Z', usage: ['KsefTokenEncryption'] },
    ]]);
    const cache = new PublicKeyCache(http, () => now);
    expect((await cache.get('SymmetricKeyEncryption')).publicKeyId).toBe('new');
    expect((await cache.get('KsefTokenEncryption')).publicKeyId).toBe('tok');
    expect(http.calls).toBe(1);
  });

  it('fetches again after invalidate (a 21470) and when the chosen key has expired', async () => {
    let t = now;
    const http = fakeHttp([
      [{ certificate: a.der, publicKeyId: 'k1', validFrom: '2025-01-01T00:00:00Z', validTo: '2026-06-01T00:30:00Z', usage: ['SymmetricKeyEncryption'] }],
      [{ certificate: b.der, publicKeyId: 'k2', validFrom: '2026-05-01T00:00:00Z', validTo: '2027-06-01T00:00:00Z', usage: ['SymmetricKeyEncryption'] }],
    ]);
    const cache = new PublicKeyCache(http, () => t);
    expect((await cache.get('SymmetricKeyEncryption')).publicKeyId).toBe('k1');
    t += 3600_000;
    expect((await cache.get('SymmetricKeyEncryption')).publicKeyId).toBe('k2');
    cache.invalidate();
    await cache.get('SymmetricKeyEncryption');
    expect(http.calls).toBe(3);
  });

  it('computes publicKeyId from the certificate when KSeF omits it', async () => {
    const http = fakeHttp([[{ certificate: a.der, validFrom: '2025-01-01T00:00:00Z', validTo: '2027-01-01T00:00:00Z', usage: ['KsefTokenEncryption'] }]]);
    expect((await new PublicKeyCache(http, () => now).get('KsefTokenEncryption')).publicKeyId).toBe(a.spkiId);
  });
});
