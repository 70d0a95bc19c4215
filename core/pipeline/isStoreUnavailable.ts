/** Socket errors and PostgreSQL's connection-class SQLSTATEs (08xxx, 57P0x: shutdown, crash, cannot connect now). */
const UNAVAILABLE_CODES = /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN|08\d{3}|57P0[1-3])$/;
const UNAVAILABLE_MESSAGES = /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i;

/**
 * Whether an error from the store means "the database cannot be reached right now" (it is restarting, or the
 * network is down), as opposed to a fault in a statement. Work pauses and resumes by itself on the first kind.
 */
export function isStoreUnavailable(err: unknown): boolean {
  // Duck-typed, not `instanceof Error`: socket errors may come from another realm (worker, vm context).
  for (let e: unknown = err, depth = 0; typeof e === 'object' && e !== null && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_CODES.test(code) || code === 'GW_STORE_PG_UNREACHABLE')) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
  }
  return false;
}
