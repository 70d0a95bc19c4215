import { createHash, randomBytes } from 'node:crypto';
import { newReferenceNumber } from '../ids/SimIds.js';
import type { SimContext } from '../SimContext.js';
import type { ContextId, TokenRecord } from '../store/records.js';

export const TOKEN_PERMISSIONS = ['InvoiceRead', 'InvoiceWrite', 'CredentialsRead', 'CredentialsManage', 'SubunitManage', 'EnforcementOperations', 'Introspection'] as const;
export type TokenPermission = (typeof TOKEN_PERMISSIONS)[number];

const CONTEXT_PREFIX: Record<ContextId['type'], string> = { Nip: 'nip', InternalId: 'internalId', NipVatUe: 'nipVatUe', PeppolId: 'peppolId' };

/**
 * Creates an active KSeF token `{referenceNumber}|{contextType}-{value}|{64 hex}` (the shape of MF's example).
 * Only its SHA-256 is stored; the value is returned once.
 */
export function issueKsefToken(sim: Pick<SimContext, 'now' | 'store' | 'subject' | 'contextKey'>, t: { context: ContextId; author: TokenRecord['author']; permissions: readonly string[]; description: string }): { token: string; referenceNumber: string } {
  const now = sim.now();
  const referenceNumber = newReferenceNumber('EC', now);
  const token = `${referenceNumber}|${CONTEXT_PREFIX[t.context.type]}-${t.context.value}|${randomBytes(32).toString('hex')}`;
  const rec: TokenRecord = {
    referenceNumber,
    secretHash: createHash('sha256').update(token).digest('hex'),
    context: t.context,
    author: t.author,
    permissions: [...t.permissions],
    description: t.description,
    status: 'Active',
    dateCreated: now.toISOString(),
  };
  if (t.context.type === 'Nip') sim.subject(t.context.value);
  sim.store.put('token', referenceNumber, rec, { ctx: sim.contextKey(t.context) });
  return { token, referenceNumber };
}
