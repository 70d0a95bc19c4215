import type { GatewayConfig } from './GatewayConfig.js';

/** The NIP of the demo context on the in-process simulator (a valid checksum; not a real company of ours). */
export const DEMO_NIP = '5265877635';

/**
 * The contexts the gateway sends for: the configured ones, or, with none configured and the in-process simulator
 * enabled, the demo context. An invoice of any other seller is refused at intake: no credential could ever send it.
 */
export function sendingContexts(config: GatewayConfig): string[] {
  const nips = config.contexts.map((c) => c.nip);
  return nips.length === 0 && config.ksef.simulator.enabled ? [DEMO_NIP] : nips;
}
