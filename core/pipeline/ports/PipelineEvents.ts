import type { ServiceIdentifier } from 'inversify';
import type { GatewayEvent } from '../../plugin-api/types.js';

/** Loud alerts (credential invalid, delivery failing, KSeF unreachable): F forwards them to notifier plugins. Never throws. */
export interface PipelineEvents {
  emit(event: GatewayEvent): void;
}

export const PIPELINE_EVENTS = Symbol.for('ksef-gateway/pipeline/PipelineEvents') as ServiceIdentifier<PipelineEvents>;

export const noopEvents: PipelineEvents = { emit: () => undefined };
