import type { HealthStatus } from '../plugin-api/PluginContext.js';

/**
 * Whether KSeF answers at `baseUrl`: a GET of its public-key certificates (public, no token, the first call any
 * session needs). Never throws; the reason names the URL and what went wrong.
 */
export async function probeKsef(baseUrl: string, timeoutMs = 10_000): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    const res = await fetch(`${baseUrl.replace(/\/$/, '')}/security/public-key-certificates`, { signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return res.ok ? { ok: true } : { ok: false, reason: `${baseUrl} answered ${res.status}` };
  } catch (err) {
    const cause = (err as Error & { cause?: Error }).cause;
    return { ok: false, reason: `${baseUrl}: ${(err as Error).message}${cause?.message ? ` (${cause.message})` : ''}` };
  }
}

export interface KsefReachabilityOptions {
  /** A result is reused this long, so that a health check polled every second costs KSeF one request per interval. */
  readonly ttlMs?: number;
  readonly timeoutMs?: number;
  readonly now?: () => number;
}

/**
 * KSeF's reachability for `/healthz`: degraded (not down) while KSeF does not answer, since documents wait safely in
 * the outbox and restarting the gateway would not help. Probes at most once per `ttlMs`; concurrent checks share one.
 */
export class KsefReachability {
  private last?: { at: number; status: HealthStatus };
  private probing?: Promise<HealthStatus>;

  constructor(private readonly baseUrl: () => string, private readonly opts: KsefReachabilityOptions = {}) {}

  async check(): Promise<HealthStatus> {
    const now = (this.opts.now ?? Date.now)();
    if (this.last && now - this.last.at < (this.opts.ttlMs ?? 15_000)) return this.last.status;
    this.probing ??= (async () => {
      const base = this.baseUrl();
      const result = await probeKsef(base, this.opts.timeoutMs ?? 5_000);
      const status: HealthStatus = result.ok ? { status: 'up', detail: base } : { status: 'degraded', detail: `unreachable, documents wait in the outbox: ${result.reason}` };
      this.last = { at: (this.opts.now ?? Date.now)(), status };
      return status;
    })().finally(() => { this.probing = undefined; });
    return this.probing;
  }
}
