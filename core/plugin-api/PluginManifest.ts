/**
 * What a plugin does for the gateway.
 * - `erp-adapter`: exchanges documents and outcomes with an ERP (push, pull, or both).
 * - `notifier`: is told about gateway events (token revoked, document rejected, ...) and forwards them (mail, chat).
 *
 * @example
 * ```ts
 * const kind: PluginKind = 'erp-adapter';
 * ```
 */
export type PluginKind = 'erp-adapter' | 'notifier';

/**
 * The static description of a plugin, checked before anything of it runs.
 *
 * @example
 * ```ts
 * const manifest: PluginManifest = {
 *   id: 'acme-erp',          // kebab-case, unique among the plugins a gateway loads
 *   version: '1.2.0',        // the plugin's own version (semver)
 *   gatewayApi: '^1.0.0',    // the plugin API versions it works with (semver range)
 *   kind: 'erp-adapter',
 *   description: 'Reads invoices from ACME ERP',
 * };
 * ```
 */
export interface PluginManifest {
  readonly id: string;
  readonly version: string;
  readonly gatewayApi: string;
  readonly kind: PluginKind;
  readonly description?: string;
}
