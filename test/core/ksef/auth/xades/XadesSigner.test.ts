import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { XadesSigner } from '../../../../../core/ksef/auth/xades/XadesSigner.js';
import { buildAuthTokenRequest } from '../../../../../core/ksef/auth/xades/buildAuthTokenRequest.js';
import { hasTool, testCredential, toPem } from '../../../credentials/support/testCredentials.js';

const DS = 'http://www.w3.org/2000/09/xmldsig#';
const XADES = 'http://uri.etsi.org/01903/v1.3.2#';
const request = buildAuthTokenRequest({
  challenge: '20250625-CR-20F5EE4000-DA48AE4124-46',
  contextIdentifier: { type: 'Nip', value: '5265877635' },
  subjectIdentifierType: 'certificateSubject',
});

const byTag = (doc: Document | Element, ns: string, name: string): Element[] =>
  Array.from(doc.getElementsByTagNameNS(ns, name) as unknown as ArrayLike<Element>);
const parse = (xml: string): Document => new DOMParser().parseFromString(xml, 'text/xml') as unknown as Document;

const SIGNATURE_METHODS = {
  rsa: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  'rsa-pss': 'http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1',
  ec: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256',
} as const;

describe('XadesSigner', () => {
  const xmlsec = hasTool('xmlsec1');
  if (!xmlsec) console.warn('xmlsec1 is not installed: the independent xmlsec1 check is skipped (apt-get install xmlsec1)');
  // xmlsec1 1.2.x (Debian 12) has no RSA-PSS; the PSS signature is checked by the simulator's xml-crypto verifier instead.

  for (const kind of ['rsa', 'rsa-pss', 'ec'] as const) {
    it(`signs an AuthTokenRequest enveloped, XAdES baseline-B, with ${kind} as PROTOCOL.md §4.4 describes`, async () => {
      const { credential, material } = await testCredential(kind);
      const now = new Date('2026-11-25T10:00:00Z');
      const signed = await new XadesSigner(credential, { now: () => now }).signEnveloped(request);
      const doc = parse(signed);
      const signatures = byTag(doc, DS, 'Signature');
      expect(signatures).toHaveLength(1);
      expect(signatures[0].parentNode).toBe(doc.documentElement);
      expect(byTag(doc, DS, 'SignatureMethod')[0].getAttribute('Algorithm')).toBe(SIGNATURE_METHODS[kind]);
      const refs = byTag(byTag(doc, DS, 'SignedInfo')[0], DS, 'Reference');
      expect(refs).toHaveLength(2);
      const whole = refs.find((r) => r.getAttribute('URI') === '')!;
      expect(byTag(whole, DS, 'Transform').map((t) => t.getAttribute('Algorithm'))).toEqual([
        'http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#',
      ]);
      expect(byTag(whole, DS, 'DigestMethod')[0].getAttribute('Algorithm')).toBe('http://www.w3.org/2001/04/xmlenc#sha256');
      const props = refs.find((r) => r.getAttribute('Type') === 'http://uri.etsi.org/01903#SignedProperties')!;
      const spId = byTag(doc, XADES, 'SignedProperties')[0].getAttribute('Id');
      expect(props.getAttribute('URI')).toBe(`#${spId}`);
      expect(byTag(doc, DS, 'X509Certificate')[0].textContent).toBe(Buffer.from(material.certificateDer).toString('base64'));
      expect(byTag(doc, XADES, 'SigningTime')[0].textContent).toBe('2026-11-25T09:59:00.000Z');
      const certDigest = byTag(byTag(doc, XADES, 'SigningCertificateV2')[0], DS, 'DigestValue')[0].textContent;
      expect(certDigest).toBe(createHash('sha256').update(material.certificateDer).digest('base64'));
    });
  }

  for (const kind of ['rsa', 'ec'] as const) {
    (xmlsec ? it : it.skip)(`produces a ${kind} signature that Debian's xmlsec1 verifies 2/2`, async () => {
      const { credential, material } = await testCredential(kind);
      const signed = await new XadesSigner(credential).signEnveloped(request);
      const dir = mkdtempSync(join(tmpdir(), 'xades-'));
      try {
        writeFileSync(join(dir, 'cert.pem'), toPem(material.certificateDer, 'CERTIFICATE'));
        writeFileSync(join(dir, 'signed.xml'), signed);
        const run = spawnSync('xmlsec1', ['--verify', '--id-attr:Id', `${XADES}:SignedProperties`, '--insecure',
          '--pubkey-cert-pem', join(dir, 'cert.pem'), join(dir, 'signed.xml')], { encoding: 'utf8' });
        expect(`${run.stdout}${run.stderr}`).toContain('SignedInfo References (ok/all): 2/2');
        expect(run.status).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('keeps the private key out of JSON', async () => {
    const { credential } = await testCredential('ec');
    expect(JSON.stringify(new XadesSigner(credential))).not.toMatch(/BEGIN|pkcs8/i);
  });
});
