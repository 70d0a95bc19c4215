import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

function pem(der: ArrayBuffer, label: string): string {
  return x509.PemConverter.encode(der, label);
}

/**
 * A private CA and a server certificate it signed for 127.0.0.1 (as a company's own CA signs its mail relay's):
 * PEM strings for a TLS server (`key`, `cert`) and for the client that must trust the CA (`caPem`).
 */
export async function testTlsCa(): Promise<{ caPem: string; key: string; cert: string }> {
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  const subtle = webcrypto.subtle;
  const caKeys = await subtle.generateKey(EC, true, ['sign', 'verify']) as CryptoKeyPair;
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(Date.now() + 7 * 86_400_000);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    name: 'CN=ksef-gateway test CA, O=Test', notBefore, notAfter, keys: caKeys, signingAlgorithm: EC,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  });
  const serverKeys = await subtle.generateKey(EC, true, ['sign', 'verify']) as CryptoKeyPair;
  const server = await x509.X509CertificateGenerator.create({
    subject: 'CN=mail.test', issuer: ca.subject, notBefore, notAfter, publicKey: serverKeys.publicKey, signingKey: caKeys.privateKey,
    signingAlgorithm: EC,
    extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: '127.0.0.1' }, { type: 'dns', value: 'localhost' }]),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
  });
  return { caPem: ca.toString('pem'), cert: server.toString('pem'), key: pem(await subtle.exportKey('pkcs8', serverKeys.privateKey), 'PRIVATE KEY') };
}
