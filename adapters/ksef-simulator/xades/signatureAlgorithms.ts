import { constants, createPublicKey, verify, type KeyLike } from 'node:crypto';
import type { SignatureAlgorithm } from 'xml-crypto';

type Variant = { uri: string; hash: string; kind: 'pkcs1' | 'pss' | 'ecdsa' };

/** The SignatureMethods the simulator checks (KSeF's list, docs auth/podpis-xades.md, minus SHA-3). */
const VARIANTS: readonly Variant[] = [
  { uri: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1', hash: 'sha1', kind: 'pkcs1' },
  { uri: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', hash: 'sha256', kind: 'pkcs1' },
  { uri: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384', hash: 'sha384', kind: 'pkcs1' },
  { uri: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512', hash: 'sha512', kind: 'pkcs1' },
  { uri: 'http://www.w3.org/2007/05/xmldsig-more#sha1-rsa-MGF1', hash: 'sha1', kind: 'pss' },
  { uri: 'http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1', hash: 'sha256', kind: 'pss' },
  { uri: 'http://www.w3.org/2007/05/xmldsig-more#sha384-rsa-MGF1', hash: 'sha384', kind: 'pss' },
  { uri: 'http://www.w3.org/2007/05/xmldsig-more#sha512-rsa-MGF1', hash: 'sha512', kind: 'pss' },
  { uri: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1', hash: 'sha1', kind: 'ecdsa' },
  { uri: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256', hash: 'sha256', kind: 'ecdsa' },
  { uri: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384', hash: 'sha384', kind: 'ecdsa' },
  { uri: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512', hash: 'sha512', kind: 'ecdsa' },
];

const SALT: Record<string, number> = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 };

function verifierFor(v: Variant): new () => SignatureAlgorithm {
  return class implements SignatureAlgorithm {
    getAlgorithmName(): string { return v.uri; }
    getSignature(): never { throw new Error('the simulator only verifies'); }
    verifySignature(material: string, key: KeyLike, signatureValue: string): boolean {
      const publicKey = createPublicKey(key);
      const signature = Buffer.from(signatureValue, 'base64');
      const data = Buffer.from(material, 'utf8');
      if (v.kind === 'ecdsa') return verify(v.hash, data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);
      if (v.kind === 'pss') {
        return verify(v.hash, data, { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: SALT[v.hash] }, signature);
      }
      return verify(v.hash, data, { key: publicKey, padding: constants.RSA_PKCS1_PADDING }, signature);
    }
  } as unknown as new () => SignatureAlgorithm;
}

/** xml-crypto's SignatureAlgorithms table, filled with node:crypto verifiers for every accepted method. */
export function signatureAlgorithms(): Record<string, new () => SignatureAlgorithm> {
  return Object.fromEntries(VARIANTS.map((v) => [v.uri, verifierFor(v)]));
}

export const ACCEPTED_SIGNATURE_METHODS: ReadonlySet<string> = new Set(VARIANTS.map((v) => v.uri));
