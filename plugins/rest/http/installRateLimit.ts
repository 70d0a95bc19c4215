import type { FastifyInstance } from 'fastify';
import type { PluginRateLimits } from '../../../core/plugin-api/index.js';
import { HttpProblem } from './problems.js';

const WINDOW_MS = 1_000;

/**
 * At most `perSecond` requests per API key (per client address for the routes without a key) in any sliding second,
 * counted in the gateway's store: several gateway instances on one store share the limit instead of each allowing
 * the full rate. Runs on onRequest after authentication, so a client over its rate never makes us read its body.
 */
export function installRateLimit(app: FastifyInstance, limits: PluginRateLimits, perSecond: number): void {
  app.addHook('onRequest', async (request) => {
    const key = request.apiKey ? `key:${request.apiKey.id}` : `ip:${request.ip}`;
    const waitMs = await limits.take(key, perSecond, WINDOW_MS);
    if (waitMs <= 0) return;
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    throw new HttpProblem('GW_REST_RATE_LIMITED',
      `More than ${perSecond} requests per second ${request.apiKey ? `with API key ${request.apiKey.id}` : 'from this address'}; retry after ${seconds} s`,
      { headers: { 'retry-after': String(seconds) } });
  });
}
