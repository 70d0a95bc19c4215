import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { randomBytes, type webcrypto } from 'node:crypto';
import type { KeyMaterial } from './SigningCredential.js';

export type KeyAlgorithm = 'rsa' | 'rsa-pss' | 'ec';

export interface SelfSignedOptions {
  /** Subject DN, e.g. `CN=Firma, 2.5.4.97=VATPL-5265877635, C=PL` (a seal) or `CN=Jan, 2.5.4.5=TINPL-5265877635`. */
  readonly subject: string;
  readonly keyAlgorithm?: KeyAlgorithm;
  readonly notBefore?: Date;
  readonly validDays?: number;
}

const ALGORITHMS: Record<KeyAlgorithm, { gen: webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams; sign: webcrypto.Algorithm & Record<string, unknown> }> = {
  rsa: { gen: { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, sign: { name: 'RSASSA-PKCS1-v1_5' } },
  'rsa-pss': { gen: { name: 'RSA-PSS', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, sign: { name: 'RSA-PSS', saltLength: 32 } },
  ec: { gen: { name: 'ECDSA', namedCurve: 'P-256' }, sign: { name: 'ECDSA', hash: 'SHA-256' } },
};

/** Generates a key pair for `algorithm` (RSA 2048 or EC P-256, KSeF's enrolment rules) as an extractable WebCrypto pair. */
export async function generateKeyPair(algorithm: KeyAlgorithm = 'ec'): Promise<webcrypto.CryptoKeyPair> {
  x509.cryptoProvider.set(globalThis.crypto as unknown as Crypto);
  return globalThis.crypto.subtle.generateKey(ALGORITHMS[algorithm].gen, true, ['sign', 'verify']) as Promise<webcrypto.CryptoKeyPair>;
}

/**
 * A self-signed certificate with a fresh key. KSeF's TEST environment accepts these for XAdES auth (a
 * certificate whose NIP equals the context NIP is the owner, PROTOCOL.md §1), and so does the simulator.
 */
export async function createSelfSignedCredential(options: SelfSignedOptions): Promise<KeyMaterial> {
  const algorithm = options.keyAlgorithm ?? 'ec';
  const keys = await generateKeyPair(algorithm);
  const notBefore = options.notBefore ?? new Date(Date.now() - 60_000);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: `01${randomBytes(8).toString('hex')}`,
    name: options.subject,
    notBefore,
    notAfter: new Date(notBefore.getTime() + (options.validDays ?? 365) * 86_400_000),
    keys: keys as unknown as CryptoKeyPair,
    signingAlgorithm: algorithm === 'ec' ? ALGORITHMS.ec.sign : { ...ALGORITHMS[algorithm].sign, hash: 'SHA-256' },
    extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true)],
  });
  const pkcs8 = await globalThis.crypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { certificateDer: new Uint8Array(cert.rawData), chainDer: [], privateKeyPkcs8: new Uint8Array(pkcs8) };
}
