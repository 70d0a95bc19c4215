import type { Logger } from 'pino';
import type { PluginEntry } from '../config/GatewayConfig.js';
import type { PluginDefinition } from '../plugin-api/definePlugin.js';
import type { HealthStatus } from '../plugin-api/PluginContext.js';
import type { ErpAdapter, Notifier } from '../plugin-api/PluginInstance.js';

interface LoadedBase {
  readonly instanceId: string;
  readonly entry: PluginEntry;
  readonly definition: PluginDefinition;
  readonly logger: Logger;
  /** What the plugin last told `ctx.health.report`, if anything. */
  reported?: HealthStatus;
}

/** A created plugin instance; the kind tag makes an adapter without `deliver` unrepresentable. */
export type LoadedPlugin =
  | (LoadedBase & { readonly kind: 'erp-adapter'; readonly instance: ErpAdapter })
  | (LoadedBase & { readonly kind: 'notifier'; readonly instance: Notifier });
