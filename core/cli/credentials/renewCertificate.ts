import { GatewayError } from '../../errors/GatewayError.js';
import type { CertificatesApi } from '../../ksef/certificates/CertificatesApi.js';
import { enrollCertificate } from '../../ksef/certificates/enrollCertificate.js';
import type { CredentialVault } from '../../vault/CredentialVault.js';
import { decodeCertificateCredential, encodeCertificateCredential } from '../../credentials/CertificateCredentialRecord.js';
import { importSigningCredential } from '../../credentials/importSigningCredential.js';

export interface RenewResult {
  readonly serialNumber: string;
  readonly notAfter: string;
  /** The KSeF serial of the certificate it replaced and revoked as Superseded, if that was a KSeF one. */
  readonly revoked?: string;
}

/**
 * Replaces a context's Authentication certificate: enrols a new one (in a session authenticated with the current
 * certificate), checks it, stores it in the vault, and only then revokes the old KSeF certificate. A failure
 * before the vault write leaves the working certificate untouched.
 */
export async function renewCertificate(vault: CredentialVault, contextNip: string, api: CertificatesApi,
  o: { certificateName?: string; keyAlgorithm?: 'ec' | 'rsa'; pollIntervalMs?: number } = {}): Promise<RenewResult> {
  const secret = await vault.secret(contextNip, 'certificate');
  if (!secret) throw new GatewayError('GW_CREDENTIALS_MISSING', 'config', `no certificate is stored for context ${contextNip}`, { location: `vault:${contextNip}/certificate` });
  const old = decodeCertificateCredential(secret).meta;
  const name = o.certificateName ?? `ksef-gateway ${contextNip} ${new Date().toISOString().slice(0, 10)}`;
  const enrolled = await enrollCertificate(api, { certificateName: name, certificateType: 'Authentication', keyAlgorithm: o.keyAlgorithm, pollIntervalMs: o.pollIntervalMs });
  await importSigningCredential(enrolled, { source: `KSeF certificate ${enrolled.serialNumber}` });
  await vault.put({
    contextNip, kind: 'certificate', referenceNumber: enrolled.serialNumber, ksefStatus: 'Active',
    secret: encodeCertificateCredential(enrolled, { origin: 'ksef', ksefSerialNumber: enrolled.serialNumber, certificateType: 'Authentication', certificateName: name }),
  });
  let revoked: string | undefined;
  if (old.origin === 'ksef' && old.ksefSerialNumber) {
    await api.revoke(old.ksefSerialNumber, 'Superseded');
    revoked = old.ksefSerialNumber;
  }
  const { X509Certificate } = await import('node:crypto');
  return { serialNumber: enrolled.serialNumber, notAfter: new Date(new X509Certificate(enrolled.certificateDer).validTo).toISOString(), revoked };
}
