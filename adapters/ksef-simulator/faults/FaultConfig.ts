/**
 * Faults the simulator injects, at start or at run time (`setFaults`). Probabilities are 0..1 per request.
 * `match` limits request-level faults to paths containing the string (or matching the RegExp).
 */
export interface FaultConfig {
  /** Probability of answering 500 (ExceptionResponse) before the handler runs. */
  serverErrorRate?: number;
  /** Probability of answering 503 after the handler ran: the work was done, the answer is lost. */
  lostResponseRate?: number;
  /** Probability of destroying the socket before answering (connection reset mid-request). */
  dropRate?: number;
  /** Probability of destroying the socket after the request was handled: done, but the client cannot know. */
  dropAfterHandlingRate?: number;
  /** Probability of answering 429 (Retry-After) before the handler runs, as KSeF does past its limits. */
  tooManyRequestsRate?: number;
  /** After a 429 fault, every matching request is answered 429 for this long: a burst, as a busy KSeF gives. */
  tooManyRequestsBurstMs?: number;
  /** Added latency before the request is handled, in milliseconds (matching requests only): it has arrived, nothing is done yet. */
  latencyMs?: number;
  /**
   * Added latency after the request was handled, before the answer (matching requests only): KSeF has done the work
   * (accepted the invoice, closed the batch) and the client still waits. Tests kill a gateway in that window.
   */
  answerDelayMs?: number;
  /** Extra asynchronous processing time for invoices, sessions and authentication, in milliseconds. */
  slowProcessingMs?: number;
  /** Probability that an authentication ends with status 550 ("cancelled by the system, try again"): transient. */
  authCancelledRate?: number;
  /**
   * An export's package expires while it is being fetched, as one does when a client is too slow: once `afterParts`
   * of its parts were downloaded its status says 210 and its part links answer 404; with 0 the package is gone
   * before any status hands out its links (the finished status is 210). Applies to the next `exports` finished
   * exports (default: every one), counted from `setFaults`; `match` does not limit it.
   */
  exportExpiry?: { readonly afterParts: number; readonly exports?: number };
  match?: string | RegExp;
  /** Random source for the probabilities; tests pass a deterministic one. */
  random?: () => number;
}

export type FaultDecision = 'none' | 'error' | 'drop' | 'lose-response' | 'drop-after' | 'too-many';

/** Whether the faults apply to this path at all (latency included). */
export function faultApplies(f: FaultConfig, path: string): boolean {
  return f.match === undefined || (typeof f.match === 'string' ? path.includes(f.match) : f.match.test(path));
}

export function decideFault(f: FaultConfig, path: string): FaultDecision {
  if (!faultApplies(f, path)) return 'none';
  const rnd = f.random ?? Math.random;
  if (f.dropRate && rnd() < f.dropRate) return 'drop';
  if (f.serverErrorRate && rnd() < f.serverErrorRate) return 'error';
  if (f.tooManyRequestsRate && rnd() < f.tooManyRequestsRate) return 'too-many';
  if (f.lostResponseRate && rnd() < f.lostResponseRate) return 'lose-response';
  if (f.dropAfterHandlingRate && rnd() < f.dropAfterHandlingRate) return 'drop-after';
  return 'none';
}
