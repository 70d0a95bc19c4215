import type { ServiceIdentifier } from 'inversify';
import type { DocumentState } from '../../plugin-api/types.js';
import type { CredentialStatus } from '../../vault/CredentialVault.js';

/** Hooks the pipeline calls; engineer F implements them with prom-client. Must never throw. */
export interface PipelineMetrics {
  /** A document entered `state` (accepted/rejected counts are derived from this). */
  transition(contextNip: string | null, state: DocumentState): void;
  /** Current queue depth per state and context, refreshed by the scheduler each round. */
  queueDepth(counts: readonly { contextNip: string | null; state: DocumentState; count: number }[]): void;
  /** Duration of one KSeF call. */
  ksefLatency(operation: string, ms: number, ok: boolean): void;
  /** KSeF answered 429 (after the client's own retries). */
  rateLimited(contextNip: string): void;
  credentialStatus(contextNip: string, status: CredentialStatus): void;
}

export const PIPELINE_METRICS = Symbol.for('ksef-gateway/pipeline/PipelineMetrics') as ServiceIdentifier<PipelineMetrics>;

export const noopMetrics: PipelineMetrics = {
  transition: () => undefined, queueDepth: () => undefined, ksefLatency: () => undefined,
  rateLimited: () => undefined, credentialStatus: () => undefined,
};
