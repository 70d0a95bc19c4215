/** One sliding window: at most `limit` requests in the last `windowMs`. */
export interface RateWindow {
  readonly windowMs: number;
  readonly limit: number;
}

/** The room left for a key: `room` requests now; when fewer than were asked for, they may go after `waitMs`. */
export interface RateRoom {
  readonly room: number;
  readonly waitMs: number;
}

/**
 * Counters of the rate limiter, behind a port (DECISIONS.md 15): several gateway instances that share a
 * KSeF context and IP must share one store.
 */
export interface RateLimitStore {
  /**
   * Atomically: when every window still has room (and the key is not blocked), records a request at `nowMs`
   * and returns 0; otherwise records nothing and returns how many ms to wait before trying again.
   */
  tryAcquire(key: string, nowMs: number, windows: readonly RateWindow[]): Promise<number>;
  /**
   * How many requests the key may make now without waiting (the smallest room left in any window, 0 while blocked),
   * and, when fewer than `need` (default 1), how many ms until `need` may go. Reads only: the scheduler plans its
   * round from it.
   */
  room(key: string, nowMs: number, windows: readonly RateWindow[], need?: number): Promise<RateRoom>;
  /** Blocks the key until `untilMs` (a 429's Retry-After), for every instance. */
  blockUntil(key: string, untilMs: number): Promise<void>;
}
