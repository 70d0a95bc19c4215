import type { KsefClient } from './KsefClient.js';
import { sha256Base64 } from './crypto/sha256Base64.js';
import type { SessionInvoiceStatus } from './types/sessions.js';

export type DuplicateResolution =
  /** The original has exactly our bytes: our invoice is in KSeF under this number. */
  | { readonly kind: 'same'; readonly ksefNumber: string }
  /** Another document used the same seller NIP, type and P_2: a data error, never "accepted". */
  | { readonly kind: 'different'; readonly ksefNumber: string }
  /** The original could not be read (permission, not yet stored): do not assume either way. */
  | { readonly kind: 'unverified'; readonly ksefNumber?: string; readonly reason: string };

/**
 * Resolves a 440 (DECISIONS.md 13): accept the original's KSeF number only when the original's hash equals
 * the hash of the bytes we sent. Needs InvoiceRead in the context.
 */
export async function resolveDuplicate(client: Pick<KsefClient, 'getInvoice'>, status: SessionInvoiceStatus, ourHash: string, signal?: AbortSignal): Promise<DuplicateResolution> {
  const ksefNumber = status.status.extensions?.originalKsefNumber ?? undefined;
  if (!ksefNumber) return { kind: 'unverified', reason: 'KSeF gave no originalKsefNumber' };
  try {
    const original = await client.getInvoice(ksefNumber, signal);
    const theirHash = original.metaHash ?? sha256Base64(original.bytes);
    return { kind: theirHash === ourHash ? 'same' : 'different', ksefNumber };
  } catch (err) {
    return { kind: 'unverified', ksefNumber, reason: err instanceof Error ? err.message : String(err) };
  }
}
