/**
 * The version of the plugin API this gateway implements. A plugin names the range it was written for in
 * `manifest.gatewayApi`; the host refuses to load a plugin whose range does not include this version.
 *
 * @example
 * ```ts
 * import { GATEWAY_API_VERSION } from '../../core/plugin-api/index.js';
 * console.log(`built against plugin API ${GATEWAY_API_VERSION}`);
 * ```
 */
export const GATEWAY_API_VERSION = '1.0.0';
