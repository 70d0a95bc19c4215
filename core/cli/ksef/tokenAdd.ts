import { GatewayError } from '../../errors/GatewayError.js';
import type { CredentialInfo, CredentialVault } from '../../vault/CredentialVault.js';
import type { SecretValue } from '../../vault/SecretValue.js';
import { KsefTokenAuth } from '../../ksef/auth/KsefTokenAuth.js';
import { isCredentialRefused } from '../../ksef/errors/isCredentialRefused.js';
import type { KsefClient } from '../../ksef/KsefClient.js';
import type { TokenInfo } from '../../ksef/types/tokens.js';
import type { TokenOutput } from './tokenCommands.js';

export interface TokenAddDeps {
  readonly nip: string;
  readonly vault: CredentialVault;
  /** Undefined: no KSeF reachable from here (the check is skipped and said so). */
  readonly client?: (auth: KsefTokenAuth) => KsefClient;
  readonly now?: () => Date;
}

export type TokenAddResult = { readonly verified: boolean; readonly info: CredentialInfo };

/** KSeF tokens read `{referenceNumber}|{contextType}-{value}|{secret}`; other shapes are stored without a reference. */
export function tokenShape(value: string): { referenceNumber?: string; contextNip?: string } {
  const parts = value.split('|');
  if (parts.length !== 3) return {};
  const nip = /^nip-(\d{10})$/.exec(parts[1]!)?.[1];
  return { referenceNumber: parts[0] || undefined, contextNip: nip };
}

async function tokenInfo(client: KsefClient, ref: string | undefined): Promise<TokenInfo | undefined> {
  if (!ref) return undefined;
  try {
    return await client.getToken(ref);
  } catch {
    return undefined; // the token may lack the permission to read token metadata; authentication is what counts
  }
}

function warnUnverified(out: TokenOutput, nip: string, why: string, oddShape: boolean): void {
  out.warn?.(`the token of context ${nip} was stored WITHOUT verification: ${why}. Any value is accepted this way; `
    + 'it shows as "unverified" in status, token status and doctor until KSeF first accepts it.');
  if (oddShape) out.warn?.('the value does not look like a KSeF token (reference|nip-NIP|secret); check what you pasted.');
}

/**
 * Stores an existing KSeF token for a context. With a client, KSeF checks it first: a refusal stores nothing; an
 * unreachable KSeF stores it unverified (the pipeline's first authentication is then the check).
 */
export interface TokenAddOptions {
  readonly verify: boolean;
  /** ISO 8601 (parseTokenExpiry): KSeF gives no validity for tokens, so the operator states it. */
  readonly expiresAt?: string;
}

export async function tokenAdd(deps: TokenAddDeps, secret: SecretValue, opts: TokenAddOptions, out: TokenOutput): Promise<TokenAddResult> {
  const shape = tokenShape(secret.revealText());
  if (shape.contextNip && shape.contextNip !== deps.nip) {
    throw new GatewayError('GW_TOKEN_CONTEXT_MISMATCH', 'config',
      `The token belongs to context ${shape.contextNip}, not ${deps.nip}; nothing stored`, { location: '--nip' });
  }
  const expiry = opts.expiresAt ? { expiresAt: opts.expiresAt } : {};
  const until = opts.expiresAt ? `; valid until ${opts.expiresAt}` : '';
  if (!opts.verify || !deps.client) {
    const info = await deps.vault.put({ contextNip: deps.nip, kind: 'token', secret, referenceNumber: shape.referenceNumber, ...expiry });
    out.line(`token stored for context ${deps.nip}${info.referenceNumber ? ` (reference ${info.referenceNumber})` : ''}${until}; not verified (${opts.verify ? 'no KSeF endpoint configured' : '--no-verify'})`);
    warnUnverified(out, deps.nip, opts.verify ? 'no KSeF endpoint is configured (KSEF_BASE_URL or ksef.baseUrl / ksef.environment)' : '--no-verify', shape.referenceNumber === undefined);
    return { verified: false, info };
  }
  const client = deps.client(new KsefTokenAuth(secret.revealText()));
  try {
    try {
      await client.authenticate();
    } catch (e) {
      // The same classifier as the pipeline's: only a definite refusal stops here; anything else cannot judge the token.
      if (isCredentialRefused(e)) {
        throw new GatewayError('GW_TOKEN_REFUSED', 'config',
          `KSeF refused the token for context ${deps.nip}: ${(e as Error).message}; nothing stored`, { cause: e, location: '--nip' });
      }
      if (!GatewayError.is(e) || e.kind !== 'transient') throw e;
      const info = await deps.vault.put({ contextNip: deps.nip, kind: 'token', secret, referenceNumber: shape.referenceNumber, ...expiry });
      out.line(`token stored for context ${deps.nip}${until}; not verified: KSeF could not check it now (${e.code})`);
      warnUnverified(out, deps.nip, `KSeF could not check it now (${e.code})`, shape.referenceNumber === undefined);
      return { verified: false, info };
    }
    const authenticatedAt = (deps.now ?? (() => new Date()))();
    const meta = await tokenInfo(client, shape.referenceNumber);
    await deps.vault.put({ contextNip: deps.nip, kind: 'token', secret, referenceNumber: shape.referenceNumber,
      permissions: meta?.requestedPermissions, ksefStatus: meta?.status, ...expiry });
    await deps.vault.recordAuthentication(deps.nip, 'token', authenticatedAt);
    const info = (await deps.vault.info(deps.nip, 'token'))!;
    out.line(`token stored for context ${deps.nip}${info.referenceNumber ? ` (reference ${info.referenceNumber})` : ''}; verified: KSeF authenticated it`
      + `${info.permissions.length ? `; permissions ${info.permissions.join(',')}` : ''}${info.ksefStatus ? `; KSeF status ${info.ksefStatus}` : ''}${until}`);
    return { verified: true, info };
  } finally {
    await client.close();
  }
}
