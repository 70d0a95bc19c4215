import type { DocumentState } from '../plugin-api/types.js';
import { GatewayError } from '../errors/GatewayError.js';

/**
 * The only edges a submission may take. `sending -> queued` is the recovery edge: it is taken only once KSeF has
 * confirmed (by the closed session's invoice list) that the invoice never arrived. `sent -> queued` covers a
 * session that KSeF cancelled or failed as a whole (405, 415, 550), where the invoice got no verdict of its own.
 */
const EDGES: Readonly<Record<DocumentState, readonly DocumentState[]>> = {
  received: ['invalid', 'queued'],
  invalid: [],
  queued: ['sending'],
  sending: ['sent', 'queued', 'accepted', 'rejected'],
  sent: ['accepted', 'rejected', 'queued'],
  accepted: ['delivered'],
  rejected: ['delivered'],
  delivered: [],
};

export const TERMINAL_STATES: readonly DocumentState[] = ['invalid', 'delivered'];

/**
 * States whose document holds its duplicate key (seller NIP, RodzajFaktury, P_2) against new documents. A `delivered`
 * document holds it too, but only when KSeF accepted it (it has a KSeF number): a delivered rejection frees the
 * number for the corrected invoice (KEY_HOLDING_DELIVERED).
 */
export const KEY_HOLDING_STATES: readonly DocumentState[] = ['queued', 'sending', 'sent', 'accepted'];

/** `delivered` holds the key only with a KSeF number; stores add `OR (state = 'delivered' AND ksef_number IS NOT NULL)`. */
export const KEY_HOLDING_DELIVERED = 'delivered' satisfies DocumentState;

export function holdsKey(d: { readonly state: DocumentState; readonly ksefNumber?: string | null }): boolean {
  return KEY_HOLDING_STATES.includes(d.state) || (d.state === KEY_HOLDING_DELIVERED && !!d.ksefNumber);
}

export function canTransition(from: DocumentState, to: DocumentState): boolean {
  return EDGES[from].includes(to);
}

/** States from which `to` may be reached; used by the store as the compare-and-set guard of one transition. */
export function sourcesOf(to: DocumentState): DocumentState[] {
  return (Object.keys(EDGES) as DocumentState[]).filter((s) => EDGES[s].includes(to));
}

export function assertTransition(from: DocumentState, to: DocumentState, documentId: string): void {
  if (!canTransition(from, to)) {
    throw new GatewayError('GW_PIPELINE_BAD_TRANSITION', 'system', `Document ${documentId} cannot go from ${from} to ${to}`, {
      location: documentId, details: { from, to },
    });
  }
}
