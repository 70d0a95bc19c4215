/**
 * Request counters a plugin shares with every gateway instance on the same store (SQLite file or PostgreSQL
 * database): a limit of "100 requests per second per API key" then holds for the whole deployment, not per process.
 * Keys are the plugin's own: another instance's keys never meet them.
 *
 * @example
 * ```ts
 * const waitMs = await ctx.rateLimits.take(`key:${apiKeyId}`, 100, 1_000);
 * if (waitMs > 0) return tooManyRequests(Math.ceil(waitMs / 1000));
 * ```
 */
export interface PluginRateLimits {
  /**
   * Takes one request for `key` when fewer than `limit` were taken in the last `windowMs` (a sliding window, counted
   * across instances, atomically: two instances cannot both take the last slot) and returns 0; otherwise takes
   * nothing and returns the ms until a request may go.
   */
  take(key: string, limit: number, windowMs: number): Promise<number>;
}
