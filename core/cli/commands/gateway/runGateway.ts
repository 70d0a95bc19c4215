import type { GatewayApp } from '../../../di/GatewayApp.js';
import { runPending, type RunPending } from './runPending.js';

export type RunEnd = 'drained' | 'signal' | 'timeout';
export { pendingDocuments } from './runPending.js';

export interface RunOptions {
  /** Return once the inbox is drained and every document is final (`--once`). */
  readonly once: boolean;
  /** `--once` gives up after this long (KSeF unreachable, say). */
  readonly onceTimeoutMs?: number;
  /** Called after each drain check with the number of this run's unfinished documents. */
  readonly onPending?: (pending: number) => void;
  /** Called after each drain check: this run's unfinished documents, and older ones (not waited for). */
  readonly onProgress?: (pending: RunPending) => void;
  /** Called the first time everything is drained (the demo prints its table then). */
  readonly onDrained?: () => Promise<void> | void;
  /** Ends the run as SIGINT/SIGTERM do (embedding and tests). */
  readonly stop?: AbortSignal;
  /** Called once the gateway runs (admin URL known). */
  readonly onStarted?: () => void;
}

/**
 * Starts the gateway and runs it until SIGINT/SIGTERM (or, with `once`, until drained), then stops it cleanly:
 * intake first, the pipeline drains its round in flight, plugins stop, everything closes.
 */
export async function runGateway(app: GatewayApp, opts: RunOptions): Promise<RunEnd> {
  let onSignal!: () => void;
  const signalled = new Promise<RunEnd>((resolve) => { onSignal = () => resolve('signal'); });
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  if (opts.stop?.aborted) onSignal();
  opts.stop?.addEventListener('abort', onSignal, { once: true });
  try {
    // `--once` waits for what this run takes in, never for a backlog left by earlier runs (it only reports that).
    const since = Date.now();
    await app.start();
    opts.onStarted?.();
    let running = true;
    const watch = async (): Promise<RunEnd | undefined> => {
      const deadline = opts.once ? Date.now() + (opts.onceTimeoutMs ?? 600_000) : Infinity;
      const sources = app.plugins.registry.all().map((p) => p.instanceId);
      while (running) {
        const taken = await app.plugins.pollAll();
        const progress = await runPending(app.store, sources, since);
        const pending = progress.mine;
        opts.onPending?.(pending);
        opts.onProgress?.(progress);
        if (taken === 0 && pending === 0) {
          await opts.onDrained?.();
          // Without --once the scheduled polling takes over; this loop only existed to notice the first drain.
          return opts.once ? 'drained' : undefined;
        }
        if (Date.now() > deadline) return 'timeout';
        await new Promise((r) => setTimeout(r, 200));
      }
      return undefined;
    };
    const watching = opts.once || opts.onDrained || opts.onPending ? watch() : Promise.resolve(undefined);
    const ended = watching.then((end) => end ?? signalled);
    const end = await Promise.race([ended, signalled]);
    running = false;
    await watching.catch(() => undefined);
    return end;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    opts.stop?.removeEventListener('abort', onSignal);
    await app.stop();
  }
}
