import type { Logger } from 'pino';
import type { SubmissionStore } from './ports/SubmissionStore.js';

/**
 * Failures of work nobody waits for (the certificate expiry check, a plugin's poll): each is logged as an error,
 * counted (`ksef_gateway_background_errors_total{area}`) and kept in the store until the same work succeeds again,
 * so that `status` and /healthz show it. None may pass silently: a missed expiry or an inbox nobody reads costs a
 * deadline.
 */
export class BackgroundProblems {
  /** Areas this process has seen fail or has not yet seen succeed: only these are cleared (one write, not one a tick). */
  private readonly open = new Set<string>();
  private readonly succeeded = new Set<string>();

  constructor(private readonly store: Pick<SubmissionStore, 'recordProblem' | 'clearProblem'>, private readonly logger: Logger,
    private readonly count: (area: string) => void, private readonly now: () => number = Date.now) {}

  async failed(area: string, err: unknown): Promise<void> {
    const message = err instanceof Error ? err.message : String(err);
    this.logger.error({ err, area }, 'background work failed');
    this.count(area);
    this.open.add(area);
    this.succeeded.delete(area);
    await this.store.recordProblem(area, message, this.now())
      .catch((storeErr: unknown) => this.logger.error({ err: storeErr, area }, 'background failure could not be recorded in the store'));
  }

  /** The work of `area` succeeded: a failure recorded earlier (by this or an earlier run) is resolved. */
  async worked(area: string): Promise<void> {
    if (this.succeeded.has(area) && !this.open.has(area)) return;
    this.succeeded.add(area);
    this.open.delete(area);
    await this.store.clearProblem(area)
      .catch((storeErr: unknown) => this.logger.error({ err: storeErr, area }, 'resolved background failure could not be cleared in the store'));
  }
}
