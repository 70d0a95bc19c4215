import type { NodeRfcClient, NodeRfcModule, RfcConnectionParameters } from './nodeRfcTypes.js';
import { toRfcCallError, type RfcConnection } from './RfcConnection.js';

/** node-rfc could not be loaded: the SDK is missing or node-rfc is not installed. */
export class RfcUnavailableError extends Error {
  readonly code = 'GW_SAP_RFC_UNAVAILABLE';
  constructor(cause: unknown) {
    super('RFC is configured but node-rfc cannot be loaded. Install SAP NW RFC SDK 7.50 (from the SAP Support Portal), set SAPNWRFC_HOME to its folder and put $SAPNWRFC_HOME/lib on the loader path (ldconfig), then `npm install node-rfc@3.3.1` beside the gateway. '
      + `Cause: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'RfcUnavailableError';
  }
}

// A variable, so neither the compiler nor a bundler looks for node-rfc unless RFC is configured.
const NODE_RFC = 'node-rfc';

/**
 * An RFC connection over a node-rfc client pool (stateless calls, clients always released). node-rfc is loaded
 * only here, when RFC is configured; `load` is the seam for tests of this wrapper.
 */
export async function openNodeRfc(
  parameters: RfcConnectionParameters,
  options: { readonly timeoutSec: number },
  load: () => Promise<NodeRfcModule> = async () => (await import(NODE_RFC)) as NodeRfcModule,
): Promise<RfcConnection> {
  let mod: NodeRfcModule;
  try {
    mod = await load();
  } catch (err) {
    throw new RfcUnavailableError(err);
  }
  const pool = new mod.Pool({ connectionParameters: parameters, clientOptions: { stateless: true, timeout: options.timeoutSec }, poolOptions: { low: 0, high: 4 } });
  const withClient = async <T>(fn: (c: NodeRfcClient) => Promise<T>): Promise<T> => {
    const client = (await pool.acquire()) as NodeRfcClient;
    try {
      return await fn(client);
    } finally {
      await pool.release(client);
    }
  };
  return {
    call: (fm, params, callOptions) => withClient(async (c) => {
      try {
        return await c.call(fm, params, callOptions?.timeoutSec ? { timeout: callOptions.timeoutSec } : {});
      } catch (err) {
        throw toRfcCallError(fm, err);
      }
    }),
    ping: () => withClient(async (c) => {
      try {
        await c.call('RFC_PING', {});
        return true;
      } catch (err) {
        throw toRfcCallError('RFC_PING', err);
      }
    }),
    close: async () => { await pool.closeAll(); },
  };
}
