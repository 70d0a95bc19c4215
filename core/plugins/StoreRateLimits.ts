import { GatewayError } from '../errors/GatewayError.js';
import type { RateLimitStore } from '../ksef/rateLimit/RateLimitStore.js';
import { isStoreUnavailable } from '../pipeline/isStoreUnavailable.js';
import type { PluginRateLimits } from '../plugin-api/PluginRateLimits.js';

/**
 * A plugin instance's rate limits on the gateway's RateLimitStore (the counters the KSeF client uses, shared by every
 * instance on the store). Keys are prefixed with the instance id, so they never meet KSeF's keys or another plugin's.
 * Wall-clock time, not the plugin clock: instances on several hosts compare their counts, so their clocks must agree
 * (NTP keeps them within milliseconds; the windows are a second long).
 */
export class StoreRateLimits implements PluginRateLimits {
  constructor(private readonly store: RateLimitStore, private readonly instanceId: string, private readonly now: () => number = Date.now) {}

  async take(key: string, limit: number, windowMs: number): Promise<number> {
    try {
      return await this.store.tryAcquire(`plugin:${this.instanceId}|${key}`, this.now(), [{ windowMs, limit }]);
    } catch (cause) {
      // A database that is restarting is a reason to come back shortly (503), not an internal error.
      if (isStoreUnavailable(cause)) throw new GatewayError('GW_STORE_UNAVAILABLE', 'transient', 'The gateway store cannot be reached; try again shortly', { cause });
      throw cause;
    }
  }
}
