import { existsSync } from 'node:fs';
import { authMethodFor } from '../../pipeline/authMethodFor.js';
import { loadConfig } from '../../config/loadConfig.js';
import { gatewayFiles, openCredentialVault } from '../../di/compositionRoot.js';
import { GatewayError } from '../../errors/GatewayError.js';
import type { CredentialVault } from '../../vault/CredentialVault.js';
import type { AuthMethod } from '../../ksef/auth/AuthMethod.js';
import { KsefTokenAuth } from '../../ksef/auth/KsefTokenAuth.js';
import { KsefClient } from '../../ksef/KsefClient.js';
import { isKsefEnvironment, type KsefEnvironment } from '../../ksef/types/KsefEnvironment.js';

export type TokenEndpoint = { readonly baseUrl: string } | { readonly environment: KsefEnvironment };

/** What the `token` commands need: the context, its vault (when there is one) and a way to reach KSeF. */
export interface TokenEnv {
  readonly nip: string;
  /** Undefined when no vault exists and the command did not ask for one (`token list` with env only). */
  readonly vault?: CredentialVault;
  /** Undefined when config runs the simulator in-process only: the CLI then has no KSeF to talk to. */
  readonly endpoint?: TokenEndpoint;
  client(auth: AuthMethod): KsefClient;
  /** The credential to authenticate with: KSEF_TOKEN for one-off use, otherwise the vault's entry for the context. */
  contextAuth(): Promise<AuthMethod>;
  /** A client authenticated with contextAuth(); a vault token that KSeF accepted gets its authentication recorded. */
  authenticatedClient(): Promise<KsefClient>;
  close(): Promise<void>;
}

export interface OpenTokenEnvOptions {
  readonly config?: string;
  readonly nip?: string;
  /** 'always' opens (and creates) the vault; 'if-exists' only when its file is already there. */
  readonly vault: 'always' | 'if-exists';
  /** Tests pass their own; tests of KSeF connection failures shorten the retries. */
  readonly clientOptions?: { retry?: { maxAttempts?: number; baseDelayMs?: number } };
}

function pickNip(explicit: string | undefined, env: NodeJS.ProcessEnv, configured: readonly string[]): string {
  const nip = explicit ?? (env.KSEF_NIP?.trim() || undefined) ?? (configured.length === 1 ? configured[0] : undefined);
  if (!nip) throw new GatewayError('GW_TOKEN_NIP', 'config', 'Name the context: --nip NIP (or KSEF_NIP, or one context in the config)', { location: '--nip' });
  if (!/^\d{10}$/.test(nip)) throw new GatewayError('GW_TOKEN_NIP', 'config', '--nip must be a 10-digit NIP', { location: '--nip' });
  return nip;
}

/**
 * Reads the KSeF connection from config (base URL / environment, contexts, data dir) with KSEF_BASE_URL, KSEF_NIP
 * and KSEF_TOKEN on top (DECISIONS.md 3), and opens the vault of the gateway's data dir.
 */
export async function openTokenEnv(o: OpenTokenEnvOptions, env: NodeJS.ProcessEnv = process.env): Promise<TokenEnv> {
  const base = env.KSEF_BASE_URL?.trim();
  // KSEF_TOKEN is used here directly, not copied into the config; an environment name is not a URL for the schema.
  const configEnv = { ...env, KSEF_TOKEN: undefined, KSEF_BASE_URL: base && isKsefEnvironment(base) ? undefined : base };
  const { config } = loadConfig({ file: o.config, env: configEnv });
  const nip = pickNip(o.nip, env, config.contexts.map((c) => c.nip));
  const files = gatewayFiles(config, configEnv);
  // A PostgreSQL vault is there whenever the store is: the instances share it.
  const vault = o.vault === 'always' || config.store.kind === 'postgres' || existsSync(files.vault)
    ? await openCredentialVault(config, configEnv)
    : undefined;
  const endpoint: TokenEndpoint | undefined = base && isKsefEnvironment(base) ? { environment: base }
    : config.ksef.baseUrl !== undefined ? { baseUrl: config.ksef.baseUrl }
      : config.ksef.simulator.enabled ? undefined : { environment: config.ksef.environment };
  const kind = config.contexts.find((c) => c.nip === nip)?.credential.kind ?? 'token';
  const tokenEnv: TokenEnv = {
    nip, vault, endpoint,
    client(auth) {
      if (!endpoint) {
        throw new GatewayError('GW_TOKEN_NO_KSEF', 'config',
          'No KSeF to talk to: config runs the simulator in-process; set KSEF_BASE_URL (a URL or test|demo|production) or ksef.baseUrl');
      }
      return new KsefClient({ ...endpoint, contextNip: nip, auth, retry: o.clientOptions?.retry });
    },
    async contextAuth() {
      const token = env.KSEF_TOKEN;
      if (token?.trim()) return new KsefTokenAuth(token);
      if (!vault) {
        throw new GatewayError('GW_TOKEN_NO_CREDENTIAL', 'config',
          `No credential for context ${nip}: set KSEF_TOKEN, or store one in the vault (token add --nip ${nip})`);
      }
      return authMethodFor(vault, nip, kind);
    },
    async authenticatedClient() {
      const fromVault = !env.KSEF_TOKEN?.trim() && kind === 'token';
      const client = tokenEnv.client(await tokenEnv.contextAuth());
      try {
        await client.authenticate();
        if (fromVault) await vault!.recordAuthentication(nip, 'token', new Date());
        return client;
      } catch (e) {
        await client.close();
        throw e;
      }
    },
    close: async () => { await vault?.close(); },
  };
  return tokenEnv;
}
