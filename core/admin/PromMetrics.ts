import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PipelineMetrics } from '../pipeline/ports/PipelineMetrics.js';
import type { DocumentState } from '../plugin-api/types.js';
import type { CredentialStatus } from '../vault/CredentialVault.js';

const CREDENTIAL_STATES: readonly CredentialStatus[] = ['active', 'invalid', 'revoked'];

/**
 * The pipeline's metrics hooks on prom-client, in a registry of their own (served at /metrics). Never throws: a
 * metrics failure must not stop a document.
 */
export class PromMetrics implements PipelineMetrics {
  readonly registry = new Registry();
  private readonly transitions = new Counter({
    name: 'ksef_gateway_document_transitions_total', help: 'Documents that entered a state (accepted/rejected counts)',
    labelNames: ['context', 'state'], registers: [this.registry],
  });
  private readonly depth = new Gauge({
    name: 'ksef_gateway_queue_depth', help: 'Documents per state and context, as of the last scheduler round',
    labelNames: ['context', 'state'], registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'ksef_gateway_ksef_request_duration_seconds', help: 'Duration of KSeF calls',
    labelNames: ['operation', 'ok'], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [this.registry],
  });
  private readonly limited = new Counter({
    name: 'ksef_gateway_ksef_rate_limited_total', help: 'KSeF answers 429 (after the client retried)',
    labelNames: ['context'], registers: [this.registry],
  });
  private credentialSource?: () => Promise<readonly { contextNip: string; status: CredentialStatus }[]>;
  private readonly credential = new Gauge({
    name: 'ksef_gateway_credential_status', help: '1 for the current status of each context credential',
    labelNames: ['context', 'status'], registers: [this.registry],
    // Read at each scrape: a credential revoked, refused or replaced by another process (token revoke, token add)
    // shows at once, not only when the pipeline next uses it.
    collect: async () => {
      const list = await this.credentialSource?.().catch(() => undefined);
      for (const c of list ?? []) this.credentialStatus(c.contextNip, c.status);
    },
  });

  private readonly background = new Counter({
    name: 'ksef_gateway_background_errors_total', help: 'Failures of background work (certificate expiry check, plugin polls), per area',
    labelNames: ['area'], registers: [this.registry],
  });

  constructor(opts: { processMetrics?: boolean } = {}) {
    if (opts.processMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'ksef_gateway_' });
  }

  transition(contextNip: string | null, state: DocumentState): void {
    this.safely(() => this.transitions.inc({ context: contextNip ?? 'none', state }));
  }

  queueDepth(counts: readonly { contextNip: string | null; state: DocumentState; count: number }[]): void {
    this.safely(() => {
      this.depth.reset();
      for (const c of counts) this.depth.inc({ context: c.contextNip ?? 'none', state: c.state }, c.count);
    });
  }

  ksefLatency(operation: string, ms: number, ok: boolean): void {
    this.safely(() => this.latency.observe({ operation, ok: String(ok) }, ms / 1000));
  }

  backgroundError(area: string): void {
    this.safely(() => this.background.inc({ area }));
  }

  rateLimited(contextNip: string): void {
    this.safely(() => this.limited.inc({ context: contextNip }));
  }

  /** Where the credential gauge reads the current statuses at each scrape (the vault). */
  readCredentialsFrom(source: () => Promise<readonly { contextNip: string; status: CredentialStatus }[]>): void {
    this.credentialSource = source;
  }

  credentialStatus(contextNip: string, status: CredentialStatus): void {
    this.safely(() => {
      for (const s of CREDENTIAL_STATES) this.credential.set({ context: contextNip, status: s }, s === status ? 1 : 0);
    });
  }

  private safely(fn: () => void): void {
    try { fn(); } catch { /* metrics are best effort */ }
  }
}
