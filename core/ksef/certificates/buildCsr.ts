import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import type { webcrypto } from 'node:crypto';
import type { CertificateEnrollmentData } from './types.js';

const OIDS: [keyof CertificateEnrollmentData, string][] = [
  ['commonName', '2.5.4.3'], ['givenName', '2.5.4.42'], ['surname', '2.5.4.4'], ['organizationName', '2.5.4.10'],
  ['organizationIdentifier', '2.5.4.97'], ['countryName', '2.5.4.6'], ['serialNumber', '2.5.4.5'], ['uniqueIdentifier', '2.5.4.45'],
];

/** The CSR subject exactly as `/certificates/enrollments/data` gave it (KSeF rejects any difference with 25003). */
export function enrollmentSubject(data: CertificateEnrollmentData): x509.JsonName {
  const name: x509.JsonName = [];
  for (const [field, oid] of OIDS) {
    const value = data[field];
    if (value === undefined || value === null || value === '') continue;
    // countryName and serialNumber are PrintableString in X.520; the rest UTF8String, as in KSeF's example CSR.
    const entry: x509.JsonAttributeObject = oid === '2.5.4.6' || oid === '2.5.4.5' ? { printableString: value } : { utf8String: value };
    name.push({ [oid]: [entry] } as x509.JsonAttributeAndStringValue);
  }
  return name;
}

/** A PKCS#10 CSR (DER) for the key pair, signed with it: ECDSA-SHA256 for EC, RSA PKCS#1 v1.5 SHA-256 for RSA. */
export async function buildCsr(data: CertificateEnrollmentData, keys: webcrypto.CryptoKeyPair): Promise<Uint8Array> {
  x509.cryptoProvider.set(globalThis.crypto as unknown as Crypto);
  const alg = keys.privateKey.algorithm.name;
  const signingAlgorithm = alg === 'ECDSA' ? { name: 'ECDSA', hash: 'SHA-256' } : alg === 'RSA-PSS' ? { name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 } : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: new x509.Name(enrollmentSubject(data)),
    keys: keys as unknown as CryptoKeyPair,
    signingAlgorithm,
  });
  return new Uint8Array(csr.rawData);
}
