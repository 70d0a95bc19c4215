import { GatewayError } from '../errors/GatewayError.js';
import { SecretValue } from '../vault/SecretValue.js';
import type { KeyMaterial } from '../signing/SigningCredential.js';

/** How a certificate credential was obtained: a KSeF-issued certificate, a qualified one, or a self-signed test one. */
export type CertificateOrigin = 'ksef' | 'external' | 'self-signed';

export interface CertificateCredentialMeta {
  readonly origin: CertificateOrigin;
  /** RSA keys: which padding XAdES uses (KSeF accepts both). */
  readonly rsaPadding?: 'pkcs1' | 'pss';
  /** KSeF's 16-hex serial for KSeF-issued certificates (renew, revoke). */
  readonly ksefSerialNumber?: string;
  readonly certificateType?: 'Authentication' | 'Offline';
  readonly certificateName?: string;
  /** certificateFingerprint for certificates without NIP/PESEL in the subject. */
  readonly subjectIdentifierType?: 'certificateSubject' | 'certificateFingerprint';
}

/**
 * What a vault entry of kind 'certificate' holds (E's vault seals it with AES-256-GCM): the certificate,
 * its chain and the PKCS#8 private key, plus how to use them. Version 1, JSON with Base64 DER.
 */
interface RecordV1 extends CertificateCredentialMeta {
  readonly v: 1;
  readonly certificate: string;
  readonly chain: readonly string[];
  readonly privateKey: string;
}

const b64 = (u: Uint8Array): string => Buffer.from(u).toString('base64');
const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));

export function encodeCertificateCredential(material: KeyMaterial, meta: CertificateCredentialMeta): SecretValue {
  const rec: RecordV1 = { v: 1, ...meta, certificate: b64(material.certificateDer), chain: material.chainDer.map(b64), privateKey: b64(material.privateKeyPkcs8) };
  return new SecretValue(JSON.stringify(rec));
}

export function decodeCertificateCredential(secret: SecretValue, location?: string): { material: KeyMaterial; meta: CertificateCredentialMeta } {
  let rec: RecordV1;
  try {
    rec = JSON.parse(secret.revealText()) as RecordV1;
  } catch {
    throw new GatewayError('GW_CREDENTIALS_RECORD_INVALID', 'config', 'the stored certificate credential is not readable', { location });
  }
  if (rec.v !== 1 || typeof rec.certificate !== 'string' || typeof rec.privateKey !== 'string') {
    throw new GatewayError('GW_CREDENTIALS_RECORD_INVALID', 'config', 'the stored certificate credential has an unknown format', { location });
  }
  const { v: _v, certificate, chain, privateKey, ...meta } = rec;
  return { material: { certificateDer: bytes(certificate), chainDer: (chain ?? []).map(bytes), privateKeyPkcs8: bytes(privateKey) }, meta };
}

/** Only the public part: for status output and expiry checks, without touching the key. */
export function certificateOf(secret: SecretValue): { certificateDer: Uint8Array; meta: CertificateCredentialMeta } {
  const { material, meta } = decodeCertificateCredential(secret);
  return { certificateDer: material.certificateDer, meta };
}
