import { createHash, X509Certificate } from 'node:crypto';
import type { CredentialInfo, CredentialKind, CredentialVault } from '../vault/CredentialVault.js';
import { certificateOf, type CertificateCredentialMeta } from './CertificateCredentialRecord.js';
import { assessExpiry, DEFAULT_THRESHOLDS, type ExpiryAssessment, type ExpiryLevel, type ExpiryThresholds } from './certificateExpiry.js';
import { daysUntil } from './tokenExpiry.js';

export interface CertificateSummary {
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string;
  readonly fingerprintSha256: string;
  readonly origin: CertificateCredentialMeta['origin'];
  readonly certificateType?: CertificateCredentialMeta['certificateType'];
  readonly expiry: ExpiryAssessment;
}

/** One line of `credentials status` and of F's `doctor`: never a secret. */
export interface CredentialStatusReport extends CredentialInfo {
  /** Whether config uses this credential for its context (when the caller says which method config chose). */
  readonly inUse?: boolean;
  readonly certificate?: CertificateSummary;
  /** A token's end as the operator stated it (`token add --expires`), with the whole days left (negative once past). */
  readonly tokenExpiry?: { readonly notAfter: string; readonly daysLeft: number; readonly level: ExpiryLevel };
  /** Why the entry cannot be read (a damaged record), without its content. */
  readonly problem?: string;
}

export interface StatusOptions {
  readonly now?: Date;
  readonly thresholds?: ExpiryThresholds;
  /** The method config chose per context NIP. */
  readonly chosen?: ReadonlyMap<string, CredentialKind>;
}

function summarise(der: Uint8Array, meta: CertificateCredentialMeta, now: Date, t: ExpiryThresholds): CertificateSummary {
  const cert = new X509Certificate(der);
  return {
    subject: cert.subject.replace(/\n/g, ', '), issuer: cert.issuer.replace(/\n/g, ', '), serialNumber: cert.serialNumber,
    fingerprintSha256: createHash('sha256').update(der).digest('hex').toUpperCase(),
    origin: meta.origin, certificateType: meta.certificateType, expiry: assessExpiry(der, now, t),
  };
}

function tokenExpiry(notAfter: string, now: Date, t: ExpiryThresholds): NonNullable<CredentialStatusReport['tokenExpiry']> {
  const daysLeft = daysUntil(notAfter, now);
  const left = new Date(notAfter).getTime() - now.getTime();
  const level: ExpiryLevel = left <= 0 ? 'expired' : left <= t.criticalDays * 86_400_000 ? 'critical' : left <= t.warnDays * 86_400_000 ? 'warning' : 'ok';
  return { notAfter, daysLeft, level };
}

/** Method, permissions, KSeF status and expiry (a certificate's own, a token's as stated) of every stored credential. */
export async function credentialStatus(vault: CredentialVault, o: StatusOptions = {}): Promise<CredentialStatusReport[]> {
  const now = o.now ?? new Date();
  const out: CredentialStatusReport[] = [];
  for (const info of await vault.list()) {
    const inUse = o.chosen ? o.chosen.get(info.contextNip) === info.kind : undefined;
    if (info.kind !== 'certificate') {
      out.push({ ...info, inUse, ...(info.expiresAt ? { tokenExpiry: tokenExpiry(info.expiresAt, now, o.thresholds ?? DEFAULT_THRESHOLDS) } : {}) });
      continue;
    }
    try {
      const secret = await vault.secret(info.contextNip, 'certificate');
      const { certificateDer, meta } = certificateOf(secret!);
      out.push({ ...info, inUse, certificate: summarise(certificateDer, meta, now, o.thresholds ?? DEFAULT_THRESHOLDS) });
    } catch {
      out.push({ ...info, inUse, problem: 'the stored certificate cannot be read' });
    }
  }
  return out;
}
