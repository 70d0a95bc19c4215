import type { Logger } from 'pino';
import type { PipelineEvents } from '../pipeline/ports/PipelineEvents.js';
import type { GatewayEvent } from '../plugin-api/types.js';
import type { EventOutbox } from './ports/EventOutbox.js';

/** Events that announce a document's final verdict are stored once per document, however often it is recorded. */
export function dedupeKeyOf(event: GatewayEvent): string | undefined {
  return event.type === 'document-rejected' ? `document-rejected/${event.documentId}` : undefined;
}

const QUIET = new Set<GatewayEvent['type']>(['context-resumed', 'ksef-reachable']);

/**
 * The pipeline's alerts: logged, then stored in the events outbox before `emit` resolves; the dispatcher hands them to
 * notifiers and adapters. A store that cannot take the event gets a log line carrying the whole event instead.
 */
export class OutboxEvents implements PipelineEvents {
  constructor(private readonly outbox: EventOutbox, private readonly logger: Logger,
    private readonly stored: () => void = () => undefined, private readonly now: () => number = Date.now) {}

  async emit(event: GatewayEvent): Promise<void> {
    const level = QUIET.has(event.type) ? 'info' : event.type === 'credential-expiring' || event.type === 'document-rejected' ? 'warn' : 'error';
    this.logger[level]({ event }, 'gateway alert');
    try {
      const dedupeKey = dedupeKeyOf(event);
      await this.outbox.append(event, { now: this.now(), ...(dedupeKey !== undefined ? { dedupeKey } : {}) });
      this.stored();
    } catch (err) {
      this.logger.error({ err, event }, 'an alert could not be stored; notifiers will not hear of it');
    }
  }
}
