import type { RunningSimulator } from '../../adapters/ksef-simulator/startSimulator.js';

/**
 * What KSeF's own record says about one document: how many times it received it for processing (every send attempt
 * that reached KSeF, accepted or 440 duplicate or refused) and how many of those it holds (accepted).
 */
export interface KsefEvidence {
  readonly received: number;
  readonly held: number;
}

type Sim = Pick<RunningSimulator, 'submissions'>;

/** The evidence per invoice number of one seller, keyed by number, ready for `toEqual`. */
export function ksefEvidence(sim: Sim, sellerNip: string, invoiceNumbers: readonly string[]): Record<string, KsefEvidence> {
  return Object.fromEntries(invoiceNumbers.map((invoiceNumber) => {
    const received = sim.submissions({ sellerNip, invoiceNumber });
    return [invoiceNumber, { received: received.length, held: received.filter((s) => s.statusCode === 200).length }];
  }));
}

/** The same expected evidence for every number: `{ received: 1, held: 1 }` is "exactly once in KSeF". */
export function eachDocument(invoiceNumbers: readonly string[], expected: KsefEvidence = { received: 1, held: 1 }): Record<string, KsefEvidence> {
  return Object.fromEntries(invoiceNumbers.map((n) => [n, expected]));
}

/** The KSeF number KSeF gave the document (its one accepted submission), or undefined when it holds none or more. */
export function heldKsefNumber(sim: Sim, sellerNip: string, invoiceNumber: string): string | undefined {
  const held = sim.submissions({ sellerNip, invoiceNumber }).filter((s) => s.statusCode === 200);
  return held.length === 1 ? held[0].ksefNumber : undefined;
}

/** Every session state: the KSeF references a gateway store has learned, whatever became of the session. */
export const ALL_SESSION_STATES = ['open', 'uploading', 'closing', 'closed', 'processed', 'failed', 'abandoned'] as const;

/**
 * The evidence each document must show when the gateway may send again only after a batch whose KSeF reference it
 * never learned (DECISIONS.md 13): KSeF closed the batch but its answer to the close was lost (a `lose-response` or
 * `drop-after` fault in the simulator's request record), so the gateway abandoned it and sent its documents again,
 * answered 440. One submission per such batch plus one in a session the gateway knows (`knownSessions`: the session
 * references in its store); KSeF holds the document once. Any other second send fails it: one in a session the gateway
 * knew, or in a batch whose close it had no reason to doubt.
 */
export function expectedAfterLostBatchCloses(sim: Sim & Pick<RunningSimulator, 'requestsReceived'>, sellerNip: string,
  invoiceNumbers: readonly string[], knownSessions: ReadonlySet<string>): Record<string, KsefEvidence> {
  const lostClose = new Set(sim.requestsReceived()
    .filter((r) => (r.fault === 'lose-response' || r.fault === 'drop-after') && /^\/v2\/sessions\/batch\/[^/]+\/close$/.test(r.path))
    .map((r) => r.path.split('/')[4]));
  return Object.fromEntries(invoiceNumbers.map((invoiceNumber) => {
    const resent = new Set(sim.submissions({ sellerNip, invoiceNumber }).map((s) => s.sessionRef)
      .filter((ref) => !knownSessions.has(ref) && lostClose.has(ref)));
    return [invoiceNumber, { received: 1 + resent.size, held: 1 }];
  }));
}
