import { KsefApiError } from '../errors/KsefApiError.js';
import { KsefOutcomeUnknownError, type UnknownOutcome } from '../errors/KsefOutcomeUnknownError.js';

const isAbort = (err: unknown): boolean => {
  const name = typeof err === 'object' && err !== null ? (err as { name?: unknown }).name : undefined;
  return name === 'AbortError' || name === 'TimeoutError';
};

/**
 * Runs a non-idempotent call. A lost answer (no response, timeout, 5xx, or an abort while the request may
 * already be on its way) becomes KsefOutcomeUnknownError; a 4xx or 429 is a definite "not done" and passes
 * through unchanged.
 */
export async function guardOutcome<T>(outcome: UnknownOutcome, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (KsefApiError.isApi(err) && (err.httpStatus === 0 || err.httpStatus >= 500)) throw new KsefOutcomeUnknownError(outcome, err);
    if (isAbort(err)) throw new KsefOutcomeUnknownError(outcome, err);
    throw err;
  }
}
