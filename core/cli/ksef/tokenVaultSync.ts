import type { CredentialInfo, CredentialVault } from '../../vault/CredentialVault.js';
import { credentialStatusLabel } from '../../vault/credentialStatusLabel.js';
import type { KsefClient } from '../../ksef/KsefClient.js';
import type { GeneratedToken, TokenInfo, TokenPermission } from '../../ksef/types/tokens.js';
import { SecretValue } from '../../vault/SecretValue.js';
import type { TokenOutput } from './tokenCommands.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Stores a token just generated as the context's token. KSeF activates a new token after a moment; waiting for that
 * first keeps the pipeline from authenticating with a Pending token (which would pause the context).
 */
export async function storeGenerated(client: KsefClient, vault: CredentialVault, nip: string, generated: GeneratedToken,
  permissions: readonly TokenPermission[], out: TokenOutput, wait: { timeoutMs: number; intervalMs: number } = { timeoutMs: 30_000, intervalMs: 1_000 }): Promise<CredentialInfo> {
  const deadline = Date.now() + wait.timeoutMs;
  let status: string | undefined;
  for (;;) {
    status = await client.getToken(generated.referenceNumber).then((t) => t.status, () => undefined);
    if (status !== 'Pending' || Date.now() >= deadline) break;
    await sleep(wait.intervalMs);
  }
  const info = await vault.put({ contextNip: nip, kind: 'token', secret: new SecretValue(generated.token),
    referenceNumber: generated.referenceNumber, permissions, ksefStatus: status });
  out.line(`stored in the vault as the token of context ${nip}${status ? ` (KSeF status ${status})` : ''}`);
  return info;
}

/** The vault's record of the context's token: everything but the value. */
export function formatVaultToken(info: CredentialInfo | undefined, nip: string): string[] {
  if (!info) return [`vault: no token stored for context ${nip}`];
  return [
    `vault: token of context ${nip}`,
    `  reference: ${info.referenceNumber ?? '(unknown)'}`,
    `  permissions: ${info.permissions.join(',') || '(unknown)'}`,
    `  status: ${credentialStatusLabel(info)}`,
    `  KSeF status (last seen): ${info.ksefStatus ?? '(unknown)'}`,
    `  last successful authentication: ${info.lastAuthenticatedAt ?? 'never'}`,
    `  valid until: ${info.expiresAt ?? '(not recorded; token add --expires)'}`,
    `  added: ${info.addedAt}`,
  ];
}

/** Brings KSeF's view into the vault when it concerns the stored token; a revoked or failed token stops being used. */
export async function syncKsefStatus(vault: CredentialVault, nip: string, t: TokenInfo): Promise<void> {
  const info = await vault.info(nip, 'token');
  if (!info || info.referenceNumber !== t.referenceNumber) return;
  await vault.recordKsefStatus(nip, 'token', t.status);
  if ((t.status === 'Revoked' || t.status === 'Revoking') && info.status === 'active') await vault.markStatus(nip, 'token', 'revoked', `KSeF status ${t.status}`);
  if (t.status === 'Failed' && info.status === 'active') await vault.markStatus(nip, 'token', 'invalid', 'KSeF status Failed');
}

/** After a revoke: the vault's entry is marked when it is that token. */
export async function markRevoked(vault: CredentialVault, nip: string, ref: string): Promise<boolean> {
  const info = await vault.info(nip, 'token');
  if (info?.referenceNumber !== ref) return false;
  await vault.markStatus(nip, 'token', 'revoked', 'revoked with token revoke');
  await vault.recordKsefStatus(nip, 'token', 'Revoking');
  return true;
}
