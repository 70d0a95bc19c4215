import type { Logger } from 'pino';
import type { PipelineEvents } from '../pipeline/ports/PipelineEvents.js';
import type { GatewayEvent } from '../plugin-api/types.js';
import type { PluginHost } from './PluginHost.js';

/** The pipeline's alerts: logged loudly, and forwarded to notifier plugins without waiting (emit never throws). */
export class PluginEventBridge implements PipelineEvents {
  constructor(private readonly host: Pick<PluginHost, 'notify'>, private readonly logger: Logger) {}

  emit(event: GatewayEvent): void {
    const level = event.type === 'credential-expiring' ? 'warn' : 'error';
    this.logger[level]({ event }, 'gateway alert');
    this.host.notify(event).catch((err: unknown) => this.logger.error({ err }, 'notify failed'));
  }
}
