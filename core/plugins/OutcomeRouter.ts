import { GatewayError } from '../errors/GatewayError.js';
import type { OutcomeSink } from '../pipeline/ports/OutcomeSink.js';
import type { Outcome } from '../plugin-api/types.js';
import type { PluginRegistry } from './PluginRegistry.js';

/** The source of documents stored by `ksef-gateway submit`: no plugin takes their outcomes; status and `upo get` show them. */
export const CLI_SOURCE = 'cli';

/**
 * The pipeline's outcome sink: hands each outcome to the `deliver` of the plugin instance that submitted the
 * document. A missing instance (removed from config) is a transient failure, so the outcome waits for it to return.
 */
export class OutcomeRouter implements OutcomeSink {
  constructor(private readonly registry: PluginRegistry) {}

  async deliver(source: string, outcome: Outcome): Promise<void> {
    if (source === CLI_SOURCE) return;
    const plugin = this.registry.get(source);
    if (plugin?.kind !== 'erp-adapter') {
      throw new GatewayError('GW_PLUGIN_UNKNOWN_INSTANCE', 'transient',
        `No ERP adapter instance "${source}" is loaded to take the outcome of document ${outcome.documentId}`, { location: source });
    }
    const log = plugin.logger.child({ docId: outcome.documentId });
    try {
      await plugin.instance.deliver(outcome);
    } catch (cause) {
      log.warn({ err: cause, erpId: outcome.erpId, outcome: outcome.kind }, 'delivery not acknowledged');
      throw new GatewayError('GW_PLUGIN_DELIVERY_FAILED', 'transient',
        `Plugin instance ${source} did not acknowledge the outcome of document ${outcome.documentId}: ${(cause as Error)?.message ?? String(cause)}`,
        { cause, location: source });
    }
    log.info({ erpId: outcome.erpId, outcome: outcome.kind, ...(outcome.kind === 'accepted' ? { ksefNumber: outcome.ksefNumber } : { errors: outcome.errors }) }, 'outcome delivered');
  }
}
