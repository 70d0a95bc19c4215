import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { randomBytes } from 'node:crypto';
import { generateKeyPair, KEY_ALGORITHMS, type KeyAlgorithm } from '../signing/generateKeyPair.js';
import type { KeyMaterial } from '../signing/SigningCredential.js';

export type { KeyAlgorithm };

export interface SelfSignedOptions {
  /** Subject DN, e.g. `CN=Firma, 2.5.4.97=VATPL-5265877635, C=PL` (a seal) or `CN=Jan, 2.5.4.5=TINPL-5265877635`. */
  readonly subject: string;
  readonly keyAlgorithm?: KeyAlgorithm;
  readonly notBefore?: Date;
  readonly validDays?: number;
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
    signingAlgorithm: algorithm === 'ec' ? KEY_ALGORITHMS.ec.sign : { ...KEY_ALGORITHMS[algorithm].sign, hash: 'SHA-256' },
    extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true)],
  });
  const pkcs8 = await globalThis.crypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { certificateDer: new Uint8Array(cert.rawData), chainDer: [], privateKeyPkcs8: new Uint8Array(pkcs8) };
}
