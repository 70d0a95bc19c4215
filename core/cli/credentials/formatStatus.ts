import type { CredentialStatusReport } from '../../credentials/credentialStatus.js';

/** `credentials status` as text: one block per context and method; nothing secret is in the report to begin with. */
export function formatStatus(reports: readonly CredentialStatusReport[]): string {
  if (reports.length === 0) return 'no credentials stored (see docs/certificates.md: credentials import | enroll, token add)\n';
  const lines: string[] = [];
  for (const r of reports) {
    const use = r.inUse === undefined ? '' : r.inUse ? ' [in use]' : ' [not in use]';
    lines.push(`${r.contextNip}  ${r.kind}${use}  ${r.status}${r.statusReason ? ` (${r.statusReason})` : ''}${r.ksefStatus ? `  KSeF: ${r.ksefStatus}` : ''}`);
    lines.push(`  permissions: ${r.permissions.length ? r.permissions.join(', ') : '(unknown)'}`);
    if (r.lastAuthenticatedAt) lines.push(`  last authenticated: ${r.lastAuthenticatedAt}`);
    if (r.certificate) {
      const c = r.certificate;
      lines.push(`  subject: ${c.subject}`, `  issuer: ${c.issuer}  (${c.origin}${c.certificateType ? `, ${c.certificateType}` : ''})`);
      lines.push(`  serial: ${c.serialNumber}  sha256: ${c.fingerprintSha256}`);
      const left = c.expiry.level === 'expired' ? 'EXPIRED' : `${c.expiry.daysLeft} days left`;
      lines.push(`  valid: ${c.expiry.notBefore} .. ${c.expiry.notAfter}  ${left}${c.expiry.level === 'ok' ? '' : `  [${c.expiry.level.toUpperCase()}]`}`);
    }
    if (r.tokenExpiry) {
      const e = r.tokenExpiry;
      lines.push(`  valid until: ${e.notAfter}  ${e.level === 'expired' ? 'EXPIRED' : `${e.daysLeft} days left`}${e.level === 'ok' ? '' : `  [${e.level.toUpperCase()}]`}`);
    }
    if (r.problem) lines.push(`  problem: ${r.problem}`);
  }
  return `${lines.join('\n')}\n`;
}
