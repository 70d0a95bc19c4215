import type { CredentialKind, CredentialVault } from '../vault/CredentialVault.js';
import { DEFAULT_THRESHOLDS, type ExpiryThresholds } from './certificateExpiry.js';
import { credentialStatus } from './credentialStatus.js';

/** One `doctor` line for a context's credential, in the shape of F's DoctorCheck; never a secret. */
export interface CredentialCheck {
  readonly result: 'ok' | 'warn' | 'fail';
  readonly detail: string;
  readonly kind?: 'config';
}

/**
 * Whether the credential config chose for a context is usable offline: present, active, readable, and for a
 * certificate not expired (warn inside the alert window). `doctor` calls it before trying to authenticate.
 */
export async function checkCredential(vault: CredentialVault, contextNip: string, kind: CredentialKind,
  o: { now?: Date; thresholds?: ExpiryThresholds } = {}): Promise<CredentialCheck> {
  const report = (await credentialStatus(vault, { now: o.now, thresholds: o.thresholds ?? DEFAULT_THRESHOLDS }))
    .find((r) => r.contextNip === contextNip && r.kind === kind);
  const add = kind === 'token' ? 'token add' : 'credentials import | self-signed | enroll';
  if (!report) return { result: 'fail', kind: 'config', detail: `no ${kind} stored for ${contextNip} (${add})` };
  if (report.status !== 'active') return { result: 'fail', kind: 'config', detail: `${kind} is ${report.status}${report.statusReason ? `: ${report.statusReason}` : ''} (${add})` };
  if (report.problem) return { result: 'fail', kind: 'config', detail: report.problem };
  const perms = report.permissions.length ? `, permissions ${report.permissions.join(', ')}` : '';
  if (!report.certificate) return { result: 'ok', detail: `${kind}${report.referenceNumber ? ` ${report.referenceNumber}` : ''}${perms}` };
  const { subject, expiry } = report.certificate;
  const what = `certificate ${subject}, valid until ${expiry.notAfter}${perms}`;
  switch (expiry.level) {
    case 'expired': return { result: 'fail', kind: 'config', detail: `${what}: EXPIRED (credentials renew or import)` };
    case 'not-yet-valid': return { result: 'fail', kind: 'config', detail: `${what}: not valid before ${expiry.notBefore}` };
    case 'critical':
    case 'warning': return { result: 'warn', detail: `${what}: expires in ${expiry.daysLeft} days (credentials renew --nip ${contextNip})` };
    default: return { result: 'ok', detail: `${what} (${expiry.daysLeft} days)` };
  }
}
