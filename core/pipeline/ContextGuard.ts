import { KsefApiError } from '../ksef/errors/KsefApiError.js';
import { KsefRateLimitedError } from '../ksef/errors/KsefRateLimitedError.js';
import type { PipelineDeps } from './PipelineDeps.js';
import { backoff } from './PipelineOptions.js';
import { isCredentialFailure } from './isCredentialFailure.js';
import { isCredentialRefused } from '../ksef/errors/isCredentialRefused.js';

/** Consecutive transient failures of a context after which `ksef-unreachable` is raised (once per streak). */
const UNREACHABLE_AFTER = 5;

/**
 * Which contexts may talk to KSeF now. A refused credential pauses a context (persisted, alerted) until a new one is
 * added to the vault; a transient failure holds the context back with a growing delay. Nothing is dropped meanwhile:
 * its documents simply stay queued.
 */
export class ContextGuard {
  private paused = new Map<string, string>();
  private readonly holds = new Map<string, { until: number; failures: number }>();
  /** Contexts whose send limit has no room: they still poll and close sessions, but take no new documents until then. */
  private readonly sendHolds = new Map<string, number>();

  constructor(private readonly deps: PipelineDeps) {}

  /** Reloads the paused set and resumes every context whose credential is active again. */
  async refresh(): Promise<void> {
    this.paused = await this.deps.store.pausedContexts();
    for (const nip of [...this.paused.keys()]) {
      const info = await this.deps.vault.info(nip, this.kindOf(nip));
      if (info?.status !== 'active') continue;
      await this.deps.store.setContextPaused(nip, null, this.deps.now());
      await this.deps.clients.release(nip);
      this.paused.delete(nip);
      this.deps.metrics.credentialStatus(nip, 'active');
      this.deps.logger.info({ contextNip: nip }, 'new credential found; sending resumed');
      await this.deps.events.emit({ type: 'context-resumed', at: new Date(this.deps.now()).toISOString(), contextNip: nip,
        message: `A usable credential for context ${nip} is in the vault again; sending resumed and its queued documents go to KSeF.` });
    }
  }

  private kindOf(contextNip: string): 'token' | 'certificate' {
    return this.deps.clients.credentialKind?.(contextNip) ?? 'token';
  }

  mayRun(contextNip: string): boolean {
    const hold = this.holds.get(contextNip);
    return !this.paused.has(contextNip) && (!hold || hold.until <= this.deps.now());
  }

  /** May the context take new documents now (mayRun, and its send limits have room)? */
  maySend(contextNip: string): boolean {
    return this.mayRun(contextNip) && (this.sendHolds.get(contextNip) ?? 0) <= this.deps.now();
  }

  /** The context's send windows are full until `until`: plan its next sends then, and hold nothing else back. */
  holdSending(contextNip: string, until: number): void {
    this.sendHolds.set(contextNip, Math.max(this.sendHolds.get(contextNip) ?? 0, until));
  }

  succeeded(contextNip: string): void {
    const hold = this.holds.get(contextNip);
    this.holds.delete(contextNip);
    // The resolved counterpart of ksef-unreachable, once per streak that raised it.
    if (hold && hold.failures >= UNREACHABLE_AFTER) {
      void this.deps.events.emit({ type: 'ksef-reachable', at: new Date(this.deps.now()).toISOString(), contextNip,
        message: `KSeF answers context ${contextNip} again after ${hold.failures} failed calls; queued documents are being sent.` });
    }
  }

  async failed(contextNip: string, err: unknown): Promise<void> {
    const { deps } = this;
    // Not a failure: nothing was sent, and the limiter said when there is room again.
    if (KsefRateLimitedError.isRateLimited(err)) {
      this.holdSending(contextNip, err.retryAt);
      deps.logger.debug({ contextNip, group: err.group, retryAt: err.retryAt }, 'rate limit full; sending planned for later');
      return;
    }
    if (isCredentialFailure(err)) {
      // Say what happened: KSeF refusing us, or nothing usable stored (then KSeF was never asked).
      const reason = isCredentialRefused(err)
        ? `KSeF refused the credential of context ${contextNip}: ${(err as Error).message}`
        : `No usable credential for context ${contextNip}: ${(err as Error).message}`;
      await deps.store.setContextPaused(contextNip, reason, deps.now());
      const kind = this.kindOf(contextNip);
      const info = await deps.vault.info(contextNip, kind);
      // An entry already revoked (token revoke) keeps saying so; an active one that cannot be used becomes invalid.
      if (info?.status === 'active') await deps.vault.markStatus(contextNip, kind, 'invalid', (err as Error).message);
      await deps.clients.release(contextNip);
      this.paused.set(contextNip, reason);
      deps.metrics.credentialStatus(contextNip, info?.status === 'revoked' ? 'revoked' : 'invalid');
      const what = `Sending for this context is paused until a new ${kind === 'token' ? 'token is added (token add)' : 'certificate is stored (credentials import | enroll)'}.`;
      const at = new Date(deps.now()).toISOString();
      await deps.events.emit({ type: 'credential-invalid', at, contextNip, message: `${reason}. ${what}` });
      await deps.events.emit({ type: 'context-paused', at, contextNip, reason, message: `Context ${contextNip} is paused: ${reason}. ${what}` });
      deps.logger.error({ contextNip, err }, 'credential refused; context paused');
      return;
    }
    if (KsefApiError.isApi(err) && err.httpStatus === 429) deps.metrics.rateLimited(contextNip);
    const failures = (this.holds.get(contextNip)?.failures ?? 0) + 1;
    const retryAfter = KsefApiError.isApi(err) ? err.retryAfterMs ?? 0 : 0;
    const delay = Math.max(retryAfter, backoff(failures - 1, deps.options.retryBaseMs, deps.options.pollMaxMs));
    this.holds.set(contextNip, { until: deps.now() + delay, failures });
    deps.logger.warn({ contextNip, err, delayMs: delay }, 'KSeF call failed; context held back');
    // One failure is routine; an alert is for failures that persist.
    if (failures === UNREACHABLE_AFTER) {
      await deps.events.emit({ type: 'ksef-unreachable', at: new Date(deps.now()).toISOString(), contextNip,
        message: `KSeF calls for context ${contextNip} failed ${failures} times in a row; last: ${(err as Error).message}. Documents stay queued and are retried.` });
    }
  }
}
