import { hostname } from 'node:os';
import { pino, type Logger } from 'pino';
import type { CredentialVault } from '../vault/CredentialVault.js';
import { Fa3DocumentPreparer } from './Fa3DocumentPreparer.js';
import { Pipeline } from './Pipeline.js';
import type { PipelineDeps } from './PipelineDeps.js';
import { DEFAULT_PIPELINE_OPTIONS, type PipelineOptions } from './PipelineOptions.js';
import { PipelineQueries } from './PipelineQueries.js';
import type { DocumentPreparer } from './ports/DocumentPreparer.js';
import type { KsefClientProvider } from './ports/KsefClientProvider.js';
import type { OutcomeSink } from './ports/OutcomeSink.js';
import { noopEvents, type PipelineEvents } from './ports/PipelineEvents.js';
import { noopMetrics, type PipelineMetrics } from './ports/PipelineMetrics.js';
import type { SubmissionStore } from './ports/SubmissionStore.js';
import { SubmissionService, type SubmissionServiceOptions } from './SubmissionService.js';
import { UpoFiles } from './UpoFiles.js';

export interface CreatePipelineInput {
  readonly store: SubmissionStore;
  readonly vault: CredentialVault;
  readonly clients: KsefClientProvider;
  readonly sink: OutcomeSink;
  readonly dataDir: string;
  readonly preparer?: DocumentPreparer;
  readonly metrics?: PipelineMetrics;
  readonly events?: PipelineEvents;
  readonly logger?: Logger;
  readonly options?: Partial<Omit<PipelineOptions, 'dataDir'>>;
  readonly submission?: SubmissionServiceOptions;
  readonly now?: () => number;
}

export interface PipelineParts {
  readonly pipeline: Pipeline;
  readonly submissions: SubmissionService;
  readonly queries: PipelineQueries;
}

/** Wires the pipeline's parts from its ports (the composition root binds the results). */
export function createPipeline(input: CreatePipelineInput): PipelineParts {
  const now = input.now ?? Date.now;
  const metrics = input.metrics ?? noopMetrics;
  const options: PipelineOptions = {
    ...DEFAULT_PIPELINE_OPTIONS, instanceId: `${hostname()}`, ...input.options, dataDir: input.dataDir,
  };
  const deps: PipelineDeps = {
    store: input.store, clients: input.clients, vault: input.vault, sink: input.sink, metrics,
    events: input.events ?? noopEvents, upos: new UpoFiles(input.dataDir), options,
    logger: input.logger ?? pino({ level: 'silent' }), now,
  };
  const pipeline = new Pipeline(deps);
  return {
    pipeline,
    submissions: new SubmissionService(input.store, input.preparer ?? new Fa3DocumentPreparer(), metrics, { now, ...input.submission }),
    queries: new PipelineQueries(deps, pipeline.delivery),
  };
}
