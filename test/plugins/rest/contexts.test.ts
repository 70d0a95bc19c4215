import { encodeCertificateCredential } from '../../../core/credentials/CertificateCredentialRecord.js';
import { assessExpiry } from '../../../core/credentials/certificateExpiry.js';
import { testCredential } from '../../core/credentials/support/testCredentials.js';
import { NIP_A, NIP_B, startRest, type RestHarness } from './restHarness.js';

interface ContextItem { context: string; known: boolean; paused: boolean; credentials: { method: string; status: string; expiresAt?: string }[] }

describe('REST API: GET /v1/contexts', () => {
  let h: RestHarness;
  beforeAll(async () => { h = await startRest(); });
  afterAll(async () => { await h.stop(); });

  it("shows a certificate's end of validity, only to keys of its context, and never the key material", async () => {
    const { material } = await testCredential('ec', NIP_B, 40);
    await h.app.vault.put({ contextNip: NIP_B, kind: 'certificate', secret: encodeCertificateCredential(material, { origin: 'ksef' }), permissions: ['InvoiceWrite'] });
    const notAfter = assessExpiry(material.certificateDer, new Date()).notAfter;

    const res = await h.call('/v1/contexts', { key: await h.key([NIP_B]) });
    const text = await res.text();
    const { items } = JSON.parse(text) as { items: ContextItem[] };
    expect(items).toHaveLength(1);
    expect(items[0].credentials.find((c) => c.method === 'certificate')).toMatchObject({ status: 'active', expiresAt: notAfter });
    expect(items[0].credentials.find((c) => c.method === 'token')?.expiresAt).toBeUndefined();
    expect(text).not.toContain(Buffer.from(material.privateKeyPkcs8).toString('base64').slice(0, 40));

    const other = JSON.parse(await (await h.call('/v1/contexts', { key: await h.key([NIP_A]) })).text()) as { items: ContextItem[] };
    expect(other.items.map((i) => i.context)).toEqual([NIP_A]);
    expect(other.items[0].credentials.some((c) => c.method === 'certificate')).toBe(false);
  });
});
