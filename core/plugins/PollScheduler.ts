import type { Logger } from 'pino';
import { GatewayError } from '../errors/GatewayError.js';
import type { GatewayFacade } from '../plugin-api/PluginContext.js';
import type { ErpAdapter } from '../plugin-api/PluginInstance.js';

interface PollTarget {
  readonly instanceId: string;
  readonly adapter: ErpAdapter;
  readonly intervalMs: number;
  readonly facade: GatewayFacade;
  readonly logger: Logger;
}

/**
 * Calls `poll()` of pull adapters on their interval, one call at a time per instance, and submits what it returns.
 * A bad document is logged and skipped; it never stops the others or the loop.
 */
export class PollScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<unknown>>();
  private readonly rounds = new Map<string, Promise<number>>();
  private stopped = false;
  /** Where a failing poll is reported (logged, counted, shown by `status` and /healthz); a warning log alone otherwise. */
  problems?: { failed(area: string, err: unknown): Promise<void>; worked(area: string): Promise<void> };

  schedule(target: PollTarget): void {
    const tick = (): void => {
      if (this.stopped) return;
      const run = this.pollOnce(target).finally(() => {
        this.running.delete(target.instanceId);
        if (!this.stopped) this.timers.set(target.instanceId, setTimeout(tick, target.intervalMs));
      });
      this.running.set(target.instanceId, run);
    };
    this.timers.set(target.instanceId, setTimeout(tick, 0));
  }

  /**
   * One poll round for a target; returns the number of documents stored. Exposed for `--once` runs. Rounds of one
   * instance never overlap: a caller arriving during a round gets that round's result.
   */
  pollOnce(target: PollTarget): Promise<number> {
    const current = this.rounds.get(target.instanceId);
    if (current) return current;
    const round = this.round(target).finally(() => this.rounds.delete(target.instanceId));
    this.rounds.set(target.instanceId, round);
    return round;
  }

  private async round(target: PollTarget): Promise<number> {
    let documents;
    try {
      documents = (await target.adapter.poll?.()) ?? [];
    } catch (err) {
      // An inbox nobody can read takes no invoice in: that must show, not pass as one log line per round.
      if (this.problems) await this.problems.failed(`plugin:${target.instanceId}`, err);
      else target.logger.warn({ err }, 'poll failed');
      return 0;
    }
    await this.problems?.worked(`plugin:${target.instanceId}`);
    let stored = 0;
    for (const document of documents) {
      if (this.stopped) break;
      try {
        const receipt = await target.facade.submit(document);
        stored += 1;
        target.logger.debug({ docId: receipt.documentId, erpId: receipt.erpId, state: receipt.state, duplicate: receipt.duplicate }, 'document stored');
        if (receipt.state === 'invalid' && !receipt.duplicate) target.logger.warn({ docId: receipt.documentId, erpId: receipt.erpId, errors: receipt.errors }, 'document invalid; never sent to KSeF');
        await target.adapter.onSubmitted?.(receipt);
      } catch (err) {
        const level = GatewayError.is(err) && err.kind === 'data' ? 'warn' : 'error';
        target.logger[level]({ err, erpId: document?.erpId }, 'document not taken');
      }
    }
    if (documents.length > 0) target.logger.info({ polled: documents.length, stored }, 'poll round');
    return stored;
  }

  /** Stops scheduling and waits for rounds in flight (their documents are already durable or untouched). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.running.values()]);
  }
}
