import type { Logger } from 'pino';
import type { CredentialVault } from '../vault/CredentialVault.js';
import type { PipelineOptions } from './PipelineOptions.js';
import type { KsefClientProvider } from './ports/KsefClientProvider.js';
import type { OutcomeSink } from './ports/OutcomeSink.js';
import type { PipelineEvents } from './ports/PipelineEvents.js';
import type { PipelineMetrics } from './ports/PipelineMetrics.js';
import type { SubmissionStore } from './ports/SubmissionStore.js';
import type { UpoFiles } from './UpoFiles.js';

/** What the pipeline's parts share; built once by `Pipeline`. */
export interface PipelineDeps {
  readonly store: SubmissionStore;
  readonly clients: KsefClientProvider;
  readonly vault: CredentialVault;
  readonly sink: OutcomeSink;
  readonly metrics: PipelineMetrics;
  readonly events: PipelineEvents;
  /** UPOs accepted before they were kept in the store. */
  readonly upos: UpoFiles;
  readonly options: PipelineOptions;
  readonly logger: Logger;
  readonly now: () => number;
}

/** Times one KSeF call for the latency metric. */
export async function timed<T>(deps: PipelineDeps, operation: string, call: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    const result = await call();
    deps.metrics.ksefLatency(operation, performance.now() - start, true);
    return result;
  } catch (e) {
    deps.metrics.ksefLatency(operation, performance.now() - start, false);
    throw e;
  }
}
