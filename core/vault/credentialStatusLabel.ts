import type { CredentialInfo } from './CredentialVault.js';

/**
 * A token KSeF has never accepted may be anything (`token add` without a reachable KSeF stores whatever it is given):
 * every place that shows a credential says so, until the gateway's first successful authentication.
 */
export function isUnverified(info: Pick<CredentialInfo, 'kind' | 'lastAuthenticatedAt'>): boolean {
  return info.kind === 'token' && info.lastAuthenticatedAt === undefined;
}

/** `active`, `active (unverified: KSeF has not accepted it yet)`, `revoked (KSeF status Revoked)`. */
export function credentialStatusLabel(info: Pick<CredentialInfo, 'kind' | 'status' | 'statusReason' | 'lastAuthenticatedAt'>): string {
  const notes = [info.statusReason, info.status === 'active' && isUnverified(info) ? 'unverified: KSeF has not accepted it yet' : undefined].filter(Boolean);
  return `${info.status}${notes.length ? ` (${notes.join('; ')})` : ''}`;
}
