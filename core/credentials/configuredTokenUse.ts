import { timingSafeEqual } from 'node:crypto';
import type { CredentialInfo, CredentialVault } from '../vault/CredentialVault.js';

/**
 * What `start` does with a context's configured token (`credential.token`, often `${KSEF_TOKEN}`); `doctor` only
 * reports it. The vault wins: a token stored with `token add` (with its reference, permissions and history) is never
 * replaced by a configured one unless the operator sets `credential.overrideVault: true`.
 * - `store`: the vault has no token for the context; the configured one is stored.
 * - `in-vault`: the vault already holds this very token; nothing is written.
 * - `vault-wins`: the vault holds another token, which stays in use; the configured one is ignored.
 * - `replace`: the vault holds another token and `overrideVault` is set; the configured one replaces it.
 */
export type ConfiguredTokenUse =
  | { readonly kind: 'store' }
  | { readonly kind: 'in-vault'; readonly stored: CredentialInfo }
  | { readonly kind: 'vault-wins'; readonly stored: CredentialInfo }
  | { readonly kind: 'replace'; readonly stored: CredentialInfo };

export async function configuredTokenUse(vault: CredentialVault, contextNip: string, token: string, overrideVault: boolean): Promise<ConfiguredTokenUse> {
  const stored = await vault.info(contextNip, 'token');
  if (!stored) return { kind: 'store' };
  const secret = await vault.secret(contextNip, 'token');
  const configured = Buffer.from(token, 'utf8');
  const held = secret?.reveal();
  if (held && held.length === configured.length && timingSafeEqual(held, configured)) return { kind: 'in-vault', stored };
  return overrideVault ? { kind: 'replace', stored } : { kind: 'vault-wins', stored };
}

/** One line for the operator about a configured token that is not used; never the value. */
export function configuredTokenIgnored(contextNip: string, stored: CredentialInfo): string {
  return `context ${contextNip}: the configured token (credential.token / KSEF_TOKEN) differs from the vault's token `
    + `(${stored.referenceNumber ?? 'reference unknown'}, added ${stored.addedAt}); the vault's token is used. `
    + 'To use the configured one instead, remove it from the configuration and run `token add`, or set credential.overrideVault: true';
}
