import { KsefApiError } from '../errors/KsefApiError.js';
import type { ApiContext } from './ApiContext.js';

/** Runs `call` again once after KSeF answered 21470 (our MF key id is unknown or withdrawn: keys rotated). */
export async function withFreshKeys<T>(ctx: ApiContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (!KsefApiError.isApi(err) || !err.hasCode(21470)) throw err;
    ctx.logger.warn('KSeF rejected our public key id (21470); fetching keys again');
    ctx.publicKeys.invalidate();
    return call();
  }
}
