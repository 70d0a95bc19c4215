import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import type { SimContext } from '../SimContext.js';

const CA_KEY = 'cert-ca:key';
const CA_CERT = 'cert-ca:cert';
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;

/**
 * The simulator's own CA that signs KSeF certificates (Authentication, Offline). Its key and certificate
 * live in the simulator's store, i.e. in its data directory, so certificates stay valid across restarts.
 */
export class SimCertificateAuthority {
  private constructor(readonly certificate: x509.X509Certificate, private readonly key: CryptoKey) {}

  static async load(sim: SimContext): Promise<SimCertificateAuthority> {
    x509.cryptoProvider.set(webcrypto as unknown as Crypto);
    const subtle = webcrypto.subtle as unknown as SubtleCrypto;
    const keyDer = sim.store.getBlob(CA_KEY);
    const certDer = sim.store.getBlob(CA_CERT);
    if (keyDer && certDer) {
      const key = await subtle.importKey('pkcs8', new Uint8Array(keyDer), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
      return new SimCertificateAuthority(new x509.X509Certificate(new Uint8Array(certDer)), key);
    }
    const keys = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const now = sim.now();
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: '01', name: 'CN=KSeF Simulator CA, O=ksef-gateway simulator, C=PL', keys, signingAlgorithm: SIGNING,
      notBefore: new Date(now.getTime() - 86_400_000), notAfter: new Date(now.getTime() + 20 * 365 * 86_400_000),
      extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
    });
    sim.store.putBlob(CA_KEY, Buffer.from(await subtle.exportKey('pkcs8', keys.privateKey)));
    sim.store.putBlob(CA_CERT, Buffer.from(cert.rawData));
    return new SimCertificateAuthority(cert, keys.privateKey);
  }

  /** Issues a certificate for the CSR's subject and key; `serialHex` is the 16-hex KSeF serial number. */
  async issue(csr: x509.Pkcs10CertificateRequest, serialHex: string, notBefore: Date, notAfter: Date, type: 'Authentication' | 'Offline'): Promise<x509.X509Certificate> {
    const usage = type === 'Offline' ? x509.KeyUsageFlags.nonRepudiation : x509.KeyUsageFlags.digitalSignature;
    return x509.X509CertificateGenerator.create({
      serialNumber: serialHex, subject: csr.subjectName, issuer: this.certificate.subjectName, notBefore, notAfter,
      publicKey: csr.publicKey, signingKey: this.key, signingAlgorithm: SIGNING,
      extensions: [new x509.BasicConstraintsExtension(false, undefined, true), new x509.KeyUsagesExtension(usage, true)],
    });
  }

  /** Whether this CA issued `cert` (its signature verifies under the CA key). */
  async issued(cert: x509.X509Certificate): Promise<boolean> {
    return cert.issuer === this.certificate.subject && cert.verify({ publicKey: this.certificate.publicKey, signatureOnly: true });
  }
}
