import type { z } from 'zod';
import type { PluginContext } from './PluginContext.js';
import type { InstanceFor } from './PluginInstance.js';
import type { PluginKind, PluginManifest } from './PluginManifest.js';

/**
 * A plugin as the host loads it: the default export of a plugin module.
 *
 * @example
 * ```ts
 * const def: PluginDefinition<{ inbox: string }, 'erp-adapter'> = definePlugin({ ... });
 * ```
 */
export interface PluginDefinition<TConfig = unknown, K extends PluginKind = PluginKind> {
  readonly manifest: PluginManifest & { readonly kind: K };
  /**
   * Validates `plugins[].options`. Mark secret fields with `.meta({ secret: true })`: the host then redacts them in
   * logs and accepts them only as `${ENV_VAR}` references in the config file.
   */
  readonly configSchema: z.ZodType<TConfig>;
  /** Builds one instance; async work (connecting, reading state) belongs here. Must finish within the host's timeout. */
  create(ctx: PluginContext<TConfig>): InstanceFor<K> | Promise<InstanceFor<K>>;
}

/**
 * Declares a plugin; the identity function that gives it types. Default-export the result.
 *
 * @example
 * ```ts
 * import { definePlugin, z } from '../../core/plugin-api/index.js';
 *
 * export default definePlugin({
 *   manifest: { id: 'acme-erp', version: '1.0.0', gatewayApi: '^1.0.0', kind: 'erp-adapter' },
 *   configSchema: z.object({ url: z.string().url(), apiKey: z.string().meta({ secret: true }) }),
 *   create(ctx) {
 *     return {
 *       async deliver(outcome) { ctx.logger.info({ erpId: outcome.erpId, kind: outcome.kind }, 'outcome'); },
 *     };
 *   },
 * });
 * ```
 */
export function definePlugin<TConfig, K extends PluginKind>(definition: PluginDefinition<TConfig, K>): PluginDefinition<TConfig, K> {
  return definition;
}
