import type { ServiceIdentifier } from 'inversify';
import type { GatewayEvent } from '../../plugin-api/types.js';

/**
 * Loud alerts (credential invalid, context paused, document rejected, KSeF unreachable, ...). The gateway's
 * implementation stores each one in the events outbox before it resolves, so notifiers that are down lose nothing.
 * Never rejects: a failure to store is logged with the event.
 */
export interface PipelineEvents {
  emit(event: GatewayEvent): Promise<void>;
}

export const PIPELINE_EVENTS = Symbol.for('ksef-gateway/pipeline/PipelineEvents') as ServiceIdentifier<PipelineEvents>;

export const noopEvents: PipelineEvents = { emit: async () => undefined };
