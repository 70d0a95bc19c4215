/**
 * The plugin API: the only module a plugin imports (plugins/README.md).
 *
 * @example
 * ```ts
 * import { definePlugin, z, type Outcome } from '../../core/plugin-api/index.js';
 * ```
 */
export { GATEWAY_API_VERSION } from './version.js';
export { definePlugin, type PluginDefinition } from './definePlugin.js';
export type { PluginKind, PluginManifest } from './PluginManifest.js';
export type { PluginContext, GatewayFacade, HealthReporter, HealthStatus, Clock, PluginLogger } from './PluginContext.js';
export type { PluginInstance, ErpAdapter, Notifier, InstanceFor } from './PluginInstance.js';
export type {
  DocumentPayload, ErpDocument, DocumentState, Receipt, OutcomeError, Outcome, InboundInvoice, GatewayEvent,
} from './types.js';
export { secret } from './secret.js';
/**
 * zod, re-exported so a plugin's schema and the host share one copy (secret markers live in zod's registry).
 *
 * @example
 * ```ts
 * const configSchema = z.object({ inbox: z.string().min(1) });
 * ```
 */
export { z } from 'zod';
