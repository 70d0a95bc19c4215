import { GatewayError } from '../../errors/GatewayError.js';
import { formatTable } from '../commands/gateway/formatTable.js';
import type { KsefClient } from '../../ksef/KsefClient.js';
import type { GeneratedToken, TokenInfo, TokenListFilters, TokenPermission, TokenStatus } from '../../ksef/types/tokens.js';

export const TOKEN_PERMISSIONS: readonly TokenPermission[] = [
  'InvoiceRead', 'InvoiceWrite', 'CredentialsRead', 'CredentialsManage', 'SubunitManage', 'EnforcementOperations', 'Introspection',
];
const STATUSES: readonly TokenStatus[] = ['Pending', 'Active', 'Revoking', 'Revoked', 'Failed'];

/** Output sink of the token commands; `secret` is the one line that carries a token value (DECISIONS.md 18). */
export interface TokenOutput {
  line(text: string): void;
  secret(text: string): void;
  /** A warning the operator must not miss (stderr on the command line). */
  warn?(text: string): void;
}

export function parsePermissions(list: string): TokenPermission[] {
  const perms = list.split(',').map((p) => p.trim()).filter(Boolean);
  const bad = perms.filter((p) => !TOKEN_PERMISSIONS.includes(p as TokenPermission));
  if (perms.length === 0 || bad.length > 0) {
    throw new GatewayError('GW_KSEF_TOKEN_PERMISSIONS', 'config', `Unknown permission(s) ${bad.join(', ') || '(none given)'}; choose from ${TOKEN_PERMISSIONS.join(', ')}`);
  }
  return perms as TokenPermission[];
}

export function parseStatuses(list: string | undefined): TokenStatus[] | undefined {
  if (!list) return undefined;
  const statuses = list.split(',').map((s) => s.trim());
  const bad = statuses.filter((s) => !STATUSES.includes(s as TokenStatus));
  if (bad.length) throw new GatewayError('GW_KSEF_TOKEN_STATUS', 'config', `Unknown status(es) ${bad.join(', ')}; choose from ${STATUSES.join(', ')}`);
  return statuses as TokenStatus[];
}

/** Generates a token and shows its value once; returns it so that a caller can also store it in the vault. */
export async function tokenGenerate(client: KsefClient, req: { permissions: TokenPermission[]; description: string }, out: TokenOutput): Promise<GeneratedToken> {
  if (req.description.length < 5 || req.description.length > 256) {
    throw new GatewayError('GW_KSEF_TOKEN_DESCRIPTION', 'config', 'Token description must have 5 to 256 characters');
  }
  const generated = await client.generateToken(req);
  out.line(`reference: ${generated.referenceNumber}`);
  out.secret(`token: ${generated.token}`);
  out.line('The token is shown only now; store it safely. It becomes usable when its status is Active.');
  return generated;
}

export async function tokenList(client: KsefClient, filters: TokenListFilters, out: TokenOutput): Promise<TokenInfo[]> {
  const all: TokenInfo[] = [];
  let continuation: string | undefined;
  do {
    const page = await client.listTokens(filters, continuation);
    all.push(...page.tokens);
    continuation = page.continuationToken ?? undefined;
  } while (continuation);
  if (all.length === 0) out.line('no tokens');
  else out.line(formatTable(['reference', 'status', 'created', 'permissions', 'author', 'description'], all.map(tokenCells)));
  return all;
}

export async function tokenStatus(client: KsefClient, ref: string, out: TokenOutput): Promise<TokenInfo> {
  const t = await client.getToken(ref);
  out.line(formatToken(t));
  if (t.statusDetails?.length) out.line(`details: ${t.statusDetails.join('; ')}`);
  if (t.lastUseDate) out.line(`last used: ${t.lastUseDate}`);
  return t;
}

export async function tokenRevoke(client: KsefClient, ref: string, out: TokenOutput): Promise<void> {
  await client.revokeToken(ref);
  out.line(`revoked: ${ref}`);
}

/** Metadata only: a listed token never shows its value. */
function tokenCells(t: TokenInfo): string[] {
  return [t.referenceNumber, t.status, t.dateCreated, t.requestedPermissions.join(','), `${t.authorIdentifier.type}:${t.authorIdentifier.value}`, JSON.stringify(t.description)];
}

export function formatToken(t: TokenInfo): string {
  return tokenCells(t).join('  ');
}
