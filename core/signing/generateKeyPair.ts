import * as x509 from '@peculiar/x509';
import type { webcrypto } from 'node:crypto';

export type KeyAlgorithm = 'rsa' | 'rsa-pss' | 'ec';

/** Key generation and signature parameters per algorithm (RSA 2048 or EC P-256, KSeF's enrolment rules). */
export const KEY_ALGORITHMS: Record<KeyAlgorithm, { gen: webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams; sign: webcrypto.Algorithm & Record<string, unknown> }> = {
  rsa: { gen: { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, sign: { name: 'RSASSA-PKCS1-v1_5' } },
  'rsa-pss': { gen: { name: 'RSA-PSS', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, sign: { name: 'RSA-PSS', saltLength: 32 } },
  ec: { gen: { name: 'ECDSA', namedCurve: 'P-256' }, sign: { name: 'ECDSA', hash: 'SHA-256' } },
};

/** Generates a key pair for `algorithm` (RSA 2048 or EC P-256, KSeF's enrolment rules) as an extractable WebCrypto pair. */
export async function generateKeyPair(algorithm: KeyAlgorithm = 'ec'): Promise<webcrypto.CryptoKeyPair> {
  x509.cryptoProvider.set(globalThis.crypto as unknown as Crypto);
  return globalThis.crypto.subtle.generateKey(KEY_ALGORITHMS[algorithm].gen, true, ['sign', 'verify']) as Promise<webcrypto.CryptoKeyPair>;
}
