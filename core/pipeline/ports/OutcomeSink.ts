import type { ServiceIdentifier } from 'inversify';
import type { Outcome } from '../../plugin-api/types.js';

/**
 * Where outcomes go: engineer F routes each to the `deliver` of the plugin instance named by `source`. Resolving
 * means the plugin acknowledged it; rejecting (or throwing) makes the pipeline retry with backoff.
 */
export interface OutcomeSink {
  deliver(source: string, outcome: Outcome): Promise<void>;
}

export const OUTCOME_SINK = Symbol.for('ksef-gateway/pipeline/OutcomeSink') as ServiceIdentifier<OutcomeSink>;
