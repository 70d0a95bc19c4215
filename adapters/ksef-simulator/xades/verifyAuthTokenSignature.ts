import { createHash, X509Certificate } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { certificateIdentity, type SubjectIdentifier } from './certificateIdentity.js';
import { readAuthTokenRequest, type AuthTokenRequestData } from './readAuthTokenRequest.js';
import { ACCEPTED_SIGNATURE_METHODS, signatureAlgorithms } from './signatureAlgorithms.js';
import { XadesRejection } from './XadesRejection.js';

const DS = 'http://www.w3.org/2000/09/xmldsig#';
const XADES = 'http://uri.etsi.org/01903/v1.3.2#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const SIGNED_PROPERTIES_TYPE = 'http://uri.etsi.org/01903#SignedProperties';
const DIGESTS: Record<string, string> = {
  'http://www.w3.org/2000/09/xmldsig#sha1': 'sha1',
  'http://www.w3.org/2001/04/xmlenc#sha256': 'sha256',
  'http://www.w3.org/2001/04/xmldsig-more#sha384': 'sha384',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'sha512',
};

export interface VerifiedAuthRequest extends AuthTokenRequestData {
  readonly certificate: X509Certificate;
  /** NIP/PESEL from the subject, or the fingerprint (PROTOCOL.md §4.4). */
  readonly subject: SubjectIdentifier;
  readonly signingTime?: string;
}

const elements = (root: Document | Element, ns: string, name: string): Element[] =>
  Array.from(root.getElementsByTagNameNS(ns, name) as unknown as ArrayLike<Element>);

function decode(body: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body);
  } catch {
    throw new XadesRejection(21217, 'the body is not valid UTF-8');
  }
}

function parse(text: string): Document {
  try {
    const doc = new DOMParser({ onError: (level, msg) => { if (level !== 'warning') throw new Error(msg); } }).parseFromString(text, 'text/xml');
    if (!doc.documentElement) throw new Error('no root element');
    return doc as unknown as Document;
  } catch (e) {
    throw new XadesRejection(21001, `the body is not well-formed XML: ${(e as Error).message.split('\n')[0]}`);
  }
}

function readCertificate(signature: Element): X509Certificate {
  const b64 = elements(signature, DS, 'X509Certificate')[0]?.textContent?.replace(/\s+/g, '');
  if (!b64) throw new XadesRejection(21115, 'KeyInfo/X509Data/X509Certificate is missing');
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(Buffer.from(b64, 'base64'));
  } catch {
    throw new XadesRejection(21115, 'the X509Certificate is not readable');
  }
  const { asymmetricKeyType: type, asymmetricKeyDetails: d = {} } = cert.publicKey;
  if ((type === 'rsa' || type === 'rsa-pss') && (d.modulusLength ?? 0) < 2048) throw new XadesRejection(21115, 'RSA key shorter than 2048 bits');
  if (type === 'ec' && d.namedCurve !== 'prime256v1' && d.namedCurve !== 'secp384r1' && d.namedCurve !== 'secp521r1') {
    throw new XadesRejection(21115, `EC curve ${d.namedCurve ?? '?'} is not accepted`);
  }
  if (type !== 'rsa' && type !== 'rsa-pss' && type !== 'ec') throw new XadesRejection(21115, `key type ${type ?? '?'} is not accepted`);
  return cert;
}

/** The references must cover the whole document (enveloped) and the SignedProperties; anything else is detached. */
function checkReferences(doc: Document, signature: Element): void {
  const signedInfo = elements(signature, DS, 'SignedInfo')[0];
  const refs = signedInfo ? elements(signedInfo, DS, 'Reference') : [];
  if (refs.length === 0) throw new XadesRejection(9105, 'SignedInfo has no Reference: the signature covers nothing');
  const rootId = doc.documentElement.getAttribute('Id') ?? doc.documentElement.getAttribute('ID');
  let wholeDocument = false;
  let signedProperties = false;
  for (const ref of refs) {
    const uri = ref.getAttribute('URI');
    const transforms = elements(ref, DS, 'Transform').map((t) => t.getAttribute('Algorithm'));
    if (ref.getAttribute('Type') === SIGNED_PROPERTIES_TYPE) {
      const id = uri?.startsWith('#') ? uri.slice(1) : undefined;
      signedProperties ||= elements(signature, XADES, 'SignedProperties').some((sp) => id !== undefined && sp.getAttribute('Id') === id);
    } else if ((uri === '' || uri === null || (rootId && uri === `#${rootId}`)) && transforms.includes(ENVELOPED)) {
      wholeDocument = true;
    } else if (uri !== null && !uri.startsWith('#')) {
      throw new XadesRejection(9105, `detached signature (Reference URI="${uri}") is not accepted`);
    }
  }
  if (!wholeDocument) throw new XadesRejection(9105, 'no enveloped Reference covers the AuthTokenRequest');
  if (!signedProperties) throw new XadesRejection(9105, 'no Reference covers xades:SignedProperties (not a XAdES signature)');
}

/** SigningCertificate(V2)/Cert/CertDigest must be the digest of the certificate in KeyInfo. */
function checkSigningCertificate(signature: Element, cert: X509Certificate): void {
  const digests = elements(signature, XADES, 'CertDigest');
  if (digests.length === 0) throw new XadesRejection(9105, 'xades:SigningCertificate is missing');
  const matches = digests.some((d) => {
    const alg = DIGESTS[elements(d, DS, 'DigestMethod')[0]?.getAttribute('Algorithm') ?? ''];
    const value = elements(d, DS, 'DigestValue')[0]?.textContent?.replace(/\s+/g, '');
    return alg !== undefined && value === createHash(alg).update(cert.raw).digest('base64');
  });
  if (!matches) throw new XadesRejection(9105, 'xades:SigningCertificate does not name the certificate in KeyInfo');
}

/**
 * The simulator's own check of a signed AuthTokenRequest (it shares no code with the client's signer):
 * decoding, well-formedness, shape, exactly one enveloped XAdES signature, the certificate, and the
 * cryptographic verification by xml-crypto with node:crypto verifiers. Throws XadesRejection with KSeF's code.
 */
export function verifyAuthTokenSignature(body: Uint8Array): VerifiedAuthRequest {
  const text = decode(body);
  const doc = parse(text);
  const signatures = elements(doc, DS, 'Signature');
  const request = readAuthTokenRequest(doc.documentElement);
  if (signatures.length === 0) throw new XadesRejection(9102, 'the document carries no ds:Signature');
  if (signatures.length > 1) throw new XadesRejection(9103, `the document carries ${signatures.length} signatures; one is allowed`);
  const signature = signatures[0];
  if (signature.parentNode !== doc.documentElement) throw new XadesRejection(9105, 'the signature must be a child of AuthTokenRequest (enveloped)');
  const method = elements(signature, DS, 'SignatureMethod')[0]?.getAttribute('Algorithm') ?? '';
  if (!ACCEPTED_SIGNATURE_METHODS.has(method)) throw new XadesRejection(9105, `SignatureMethod ${method || '(none)'} is not accepted`);
  checkReferences(doc, signature);
  const certificate = readCertificate(signature);
  checkSigningCertificate(signature, certificate);

  const verifier = new SignedXml({ publicCert: certificate.toString(), getCertFromKeyInfo: () => null });
  verifier.SignatureAlgorithms = signatureAlgorithms();
  let valid: boolean;
  try {
    verifier.loadSignature(signature.toString());
    valid = verifier.checkSignature(text);
  } catch (e) {
    throw new XadesRejection(9105, (e as Error).message.split('\n')[0]);
  }
  if (!valid) throw new XadesRejection(9105, 'the signature value or a reference digest does not verify');
  const signingTime = elements(signature, XADES, 'SigningTime')[0]?.textContent?.trim();
  const subject = certificateIdentity(certificate, request.subjectIdentifierType === 'certificateFingerprint');
  return { ...request, certificate, subject, signingTime };
}
