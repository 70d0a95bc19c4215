import { loadConfig } from '../../config/loadConfig.js';
import type { GatewayConfig } from '../../config/GatewayConfig.js';
import { endpointFromConfig, openCredentialVault } from '../../di/compositionRoot.js';
import type { AuthMethod } from '../../ksef/auth/AuthMethod.js';
import { KsefClient } from '../../ksef/KsefClient.js';
import type { CredentialKind, CredentialVault } from '../../vault/CredentialVault.js';

/** What the `credentials` commands need: the gateway's config, its vault, and a KSeF client per context. */
export interface CredentialsEnv {
  readonly config: GatewayConfig;
  readonly vault: CredentialVault;
  /** The method config chose for each configured context. */
  readonly chosen: ReadonlyMap<string, CredentialKind>;
  readonly isProduction: boolean;
  client(contextNip: string, auth: AuthMethod): KsefClient;
  close(): Promise<void>;
}

export async function openCredentialsEnv(o: { config?: string } = {}, env: NodeJS.ProcessEnv = process.env): Promise<CredentialsEnv> {
  const { config } = loadConfig({ file: o.config, env });
  const vault = await openCredentialVault(config, env);
  const endpoint = endpointFromConfig(config);
  return {
    config, vault,
    chosen: new Map(config.contexts.map((c) => [c.nip, c.credential.kind])),
    isProduction: endpoint.kind !== 'url' && endpoint.environment === 'production',
    client: (contextNip, auth) => new KsefClient(endpoint.kind === 'url'
      ? { baseUrl: endpoint.baseUrl, contextNip, auth }
      : { environment: endpoint.environment, contextNip, auth }),
    close: () => vault.close(),
  };
}
