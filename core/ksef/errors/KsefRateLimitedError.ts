import { GatewayError } from '../../errors/GatewayError.js';
import type { RateLimitGroup } from '../types/limits.js';

/**
 * The request was not sent: its rate-limit window has no room for longer than the caller agreed to wait
 * (`maxRateLimitWaitMs`), or the client's waits were interrupted (shutdown). Nothing reached KSeF, so the caller may
 * simply try again at `retryAt`.
 */
export class KsefRateLimitedError extends GatewayError {
  readonly group: RateLimitGroup;
  /** Epoch ms when the window has room again (the shutdown case: now). */
  readonly retryAt: number;

  constructor(group: RateLimitGroup, retryAt: number, reason: 'limit' | 'interrupted' = 'limit') {
    super(reason === 'limit' ? 'GW_KSEF_RATE_LIMIT_WAIT' : 'GW_KSEF_INTERRUPTED', 'transient',
      reason === 'limit' ? `KSeF rate limit of ${group}: no room until ${new Date(retryAt).toISOString()}` : `waiting for the KSeF rate limit of ${group} was interrupted (shutdown)`,
      { details: { group, retryAt } });
    this.name = 'KsefRateLimitedError';
    this.group = group;
    this.retryAt = retryAt;
  }

  static isRateLimited(e: unknown): e is KsefRateLimitedError {
    return GatewayError.is(e) && (e.code === 'GW_KSEF_RATE_LIMIT_WAIT' || e.code === 'GW_KSEF_INTERRUPTED')
      && typeof (e as Partial<KsefRateLimitedError>).retryAt === 'number';
  }
}
