import type { Logger } from 'pino';
import { isStoreUnavailable } from './isStoreUnavailable.js';

/**
 * One log line when the store stops answering and one when it answers again, instead of an error per round (four a
 * second): a restarting PostgreSQL is an episode for the operator, not a flood.
 */
export class StoreOutage {
  private since?: number;

  constructor(private readonly logger: Logger, private readonly now: () => number = Date.now) {}

  get active(): boolean { return this.since !== undefined; }

  /** Returns true when `err` is an outage (already logged once for this episode). */
  failed(err: unknown): boolean {
    if (!isStoreUnavailable(err)) return false;
    if (this.since === undefined) {
      this.since = this.now();
      this.logger.warn({ err }, 'store unreachable: sending and delivery paused until it answers again');
    }
    return true;
  }

  succeeded(): void {
    if (this.since === undefined) return;
    this.logger.info({ pausedMs: this.now() - this.since }, 'store reachable again: work resumed');
    this.since = undefined;
  }
}
