import type { ServiceIdentifier } from 'inversify';
import type { AdminServer } from '../admin/AdminServer.js';
import type { PromMetrics } from '../admin/PromMetrics.js';
import type { LoadedConfig } from '../config/loadConfig.js';
import type { EventDispatcher } from '../events/EventDispatcher.js';
import type { Fa3Schemas } from '../fa3/validation/Fa3Schemas.js';
import type { Pipeline } from '../pipeline/Pipeline.js';
import type { PipelineDeps } from '../pipeline/PipelineDeps.js';
import type { PipelineOptions } from '../pipeline/PipelineOptions.js';
import type { PipelineQueries } from '../pipeline/PipelineQueries.js';
import type { SubmissionService } from '../pipeline/SubmissionService.js';
import type { Fa3ValidationPool } from '../fa3/validation/Fa3ValidationPool.js';
import type { UpoFiles } from '../pipeline/UpoFiles.js';
import type { ErpAdapter, Notifier } from '../plugin-api/PluginInstance.js';
import type { ClosableRateLimitStore } from './storeAdapters.js';

/**
 * Tokens of services whose owners define none (the pipeline's classes are plain constructors, bound here with
 * `toResolvedValue`). Ports keep their tokens beside their interfaces.
 */
export const TOKENS = {
  LoadedConfig: Symbol.for('ksef-gateway/config/LoadedConfig') as ServiceIdentifier<LoadedConfig>,
  DataDir: Symbol.for('ksef-gateway/config/DataDir') as ServiceIdentifier<string>,
  /** Where KSeF is: a base URL (simulator, custom) or a named environment. Known only after start-up. */
  KsefEndpoint: Symbol.for('ksef-gateway/ksef/KsefEndpoint') as ServiceIdentifier<KsefEndpoint>,
  /** Where the FA(3) schemas are, and their XSD compiled on the calling thread on demand. */
  Fa3Schemas: Symbol.for('ksef-gateway/fa3/Fa3Schemas') as ServiceIdentifier<Fa3Schemas>,
  /** Validation on worker threads; null when `validation.threads` is 0 or there is no compiled worker (ts sources). */
  Fa3ValidationPool: Symbol.for('ksef-gateway/fa3/Fa3ValidationPool') as ServiceIdentifier<Fa3ValidationPool | null>,
  PipelineOptions: Symbol.for('ksef-gateway/pipeline/PipelineOptions') as ServiceIdentifier<PipelineOptions>,
  PipelineDeps: Symbol.for('ksef-gateway/pipeline/PipelineDeps') as ServiceIdentifier<PipelineDeps>,
  Pipeline: Symbol.for('ksef-gateway/pipeline/Pipeline') as ServiceIdentifier<Pipeline>,
  PipelineQueries: Symbol.for('ksef-gateway/pipeline/PipelineQueries') as ServiceIdentifier<PipelineQueries>,
  SubmissionService: Symbol.for('ksef-gateway/pipeline/SubmissionService') as ServiceIdentifier<SubmissionService>,
  UpoFiles: Symbol.for('ksef-gateway/pipeline/UpoFiles') as ServiceIdentifier<UpoFiles>,
  /** Where the store is, for people: the SQLite file, or the PostgreSQL server and schema (never a password). */
  StoreDescription: Symbol.for('ksef-gateway/store/StoreDescription') as ServiceIdentifier<string>,
  /** The KSeF client's rate-limit counters, in the configured store, shared by the instances that use it. */
  RateLimitStore: Symbol.for('ksef-gateway/ksef/RateLimitStore') as ServiceIdentifier<ClosableRateLimitStore>,
  PromMetrics: Symbol.for('ksef-gateway/admin/PromMetrics') as ServiceIdentifier<PromMetrics>,
  AdminServer: Symbol.for('ksef-gateway/admin/AdminServer') as ServiceIdentifier<AdminServer>,
  /** Every created ERP adapter instance, bound unnamed (`getAll`); look one up by id in the PluginRegistry. */
  ErpAdapter: Symbol.for('ksef-gateway/plugins/ErpAdapter') as ServiceIdentifier<ErpAdapter>,
  Notifier: Symbol.for('ksef-gateway/plugins/Notifier') as ServiceIdentifier<Notifier>,
  /** Hands the events outbox to notifiers, adapters' `onEvent` and the notification rules. */
  EventDispatcher: Symbol.for('ksef-gateway/events/EventDispatcher') as ServiceIdentifier<EventDispatcher>,
} as const;

export type KsefEndpoint =
  | { readonly kind: 'url'; readonly baseUrl: string; readonly simulator: boolean }
  | { readonly kind: 'environment'; readonly environment: 'test' | 'demo' | 'production' };
