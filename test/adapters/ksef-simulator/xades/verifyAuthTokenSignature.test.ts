import { verifyAuthTokenSignature } from '../../../../adapters/ksef-simulator/xades/verifyAuthTokenSignature.js';
import { XadesRejection } from '../../../../adapters/ksef-simulator/xades/XadesRejection.js';
import { XadesSigner } from '../../../../core/ksef/auth/xades/XadesSigner.js';
import { buildAuthTokenRequest } from '../../../../core/ksef/auth/xades/buildAuthTokenRequest.js';
import { testCredential } from '../../../core/credentials/support/testCredentials.js';

const CHALLENGE = '20250625-CR-20F5EE4000-DA48AE4124-46';
const unsigned = (nip = '5265877635', subject: 'certificateSubject' | 'certificateFingerprint' = 'certificateSubject'): string =>
  buildAuthTokenRequest({ challenge: CHALLENGE, contextIdentifier: { type: 'Nip', value: nip }, subjectIdentifierType: subject });
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

function codeOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof XadesRejection) return e.code;
    throw e;
  }
  return undefined;
}

async function signed(kind: 'rsa' | 'rsa-pss' | 'ec' = 'ec', xml = unsigned()): Promise<string> {
  const { credential } = await testCredential(kind);
  return new XadesSigner(credential).signEnveloped(xml);
}

describe('verifyAuthTokenSignature (simulator)', () => {
  for (const kind of ['rsa', 'rsa-pss', 'ec'] as const) {
    it(`accepts an AuthTokenRequest signed with ${kind} and reads the NIP of the seal`, async () => {
      const result = verifyAuthTokenSignature(bytes(await signed(kind)));
      expect(result.challenge).toBe(CHALLENGE);
      expect(result.context).toEqual({ type: 'Nip', value: '5265877635' });
      expect(result.subject).toEqual({ type: 'Nip', value: '5265877635' });
    });
  }

  it('identifies by the certificate fingerprint when the request asks for it', async () => {
    const result = verifyAuthTokenSignature(bytes(await signed('ec', unsigned('5265877635', 'certificateFingerprint'))));
    expect(result.subject.type).toBe('Fingerprint');
    expect(result.subject.value).toMatch(/^[0-9A-F]{64}$/);
  });

  it('rejects a document whose signed content was changed afterwards (9105)', async () => {
    const tampered = (await signed()).replace('<Nip>5265877635</Nip>', '<Nip>7762811692</Nip>');
    expect(codeOf(() => verifyAuthTokenSignature(bytes(tampered)))).toBe(9105);
  });

  it('rejects a changed signature value (9105)', async () => {
    const xml = await signed('rsa');
    const tampered = xml.replace(/<ds:SignatureValue>(.)/, (_m, c: string) => `<ds:SignatureValue>${c === 'A' ? 'B' : 'A'}`);
    expect(codeOf(() => verifyAuthTokenSignature(bytes(tampered)))).toBe(9105);
  });

  it('rejects a changed SigningTime, which the SignedProperties reference covers (9105)', async () => {
    const tampered = (await signed()).replace(/<xades:SigningTime>\d{4}/, '<xades:SigningTime>2001');
    expect(codeOf(() => verifyAuthTokenSignature(bytes(tampered)))).toBe(9105);
  });

  it('rejects a signature whose SignedInfo has no Reference: a signature over nothing (9105)', async () => {
    const empty = (await signed()).replace(/<ds:Reference[\s\S]*<\/ds:Reference>/, '');
    expect(codeOf(() => verifyAuthTokenSignature(bytes(empty)))).toBe(9105);
  });

  it('rejects a detached signature that points outside the document (9105)', async () => {
    const detached = (await signed()).replace('<ds:Reference URI="">', '<ds:Reference URI="https://example.invalid/doc.xml">');
    expect(codeOf(() => verifyAuthTokenSignature(bytes(detached)))).toBe(9105);
  });

  it('rejects an unsigned document (9102) and one with two signatures (9103)', async () => {
    expect(codeOf(() => verifyAuthTokenSignature(bytes(unsigned())))).toBe(9102);
    const xml = await signed();
    const sig = xml.slice(xml.indexOf('<ds:Signature'), xml.indexOf('</ds:Signature>') + '</ds:Signature>'.length);
    expect(codeOf(() => verifyAuthTokenSignature(bytes(xml.replace('</AuthTokenRequest>', `${sig}</AuthTokenRequest>`))))).toBe(9103);
  });

  it('rejects a signature by a certificate other than the one in SigningCertificate (9105)', async () => {
    const xml = await signed('ec');
    const { material } = await testCredential('ec');
    const swapped = xml.replace(/<ds:X509Certificate>[^<]+</, `<ds:X509Certificate>${Buffer.from(material.certificateDer).toString('base64')}<`);
    expect(codeOf(() => verifyAuthTokenSignature(bytes(swapped)))).toBe(9105);
  });

  it('rejects unreadable content (21001), bad UTF-8 (21217), a foreign root (9101) and a schema violation (21401)', async () => {
    expect(codeOf(() => verifyAuthTokenSignature(bytes('<AuthTokenRequest')))).toBe(21001);
    expect(codeOf(() => verifyAuthTokenSignature(new Uint8Array([0x3c, 0x61, 0xff, 0xfe, 0x3e])))).toBe(21217);
    expect(codeOf(() => verifyAuthTokenSignature(bytes('<Invoice xmlns="urn:x"/>')))).toBe(9101);
    const bad = unsigned().replace(CHALLENGE, 'not-a-challenge');
    expect(codeOf(() => verifyAuthTokenSignature(bytes(bad)))).toBe(21401);
  });
});
