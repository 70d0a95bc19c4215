import { GatewayError } from '../errors/GatewayError.js';
import { KsefClient } from '../ksef/KsefClient.js';
import type { AuthMethod } from '../ksef/auth/AuthMethod.js';
import { authMethodFor } from './authMethodFor.js';
import type { KsefClientOptions } from '../ksef/types/KsefClientOptions.js';
import type { CredentialKind, CredentialVault } from '../vault/CredentialVault.js';
import type { KsefClientProvider, SessionClient } from './ports/KsefClientProvider.js';

/** The longest the scheduler lets a request wait for rate-limit room; it plans around longer waits instead. */
const MAX_RATE_LIMIT_WAIT_MS = 1_000;

/** Everything of the client's options except who we are, which comes from the vault. */
export type ClientOptionsFor = (contextNip: string, auth: AuthMethod) => KsefClientOptions;

/**
 * Builds one KsefClient per context from the vault's token, authenticates it once up front (so a revoked token is
 * seen before any invoice is taken), and records the successful authentication in the vault.
 */
export class VaultKsefClientProvider implements KsefClientProvider {
  private readonly clients = new Map<string, Promise<KsefClient>>();
  /** The vault entry (status and when it was added) each cached client was built from. */
  private readonly versions = new Map<string, string>();
  private interrupted = false;

  /** `methodFor`: the credential kind config chose for a context (token or certificate; core/credentials/authMethodFor). */
  constructor(private readonly vault: CredentialVault, private readonly optionsFor: ClientOptionsFor,
    private readonly methodFor: (contextNip: string) => CredentialKind = () => 'token',
    private readonly onLimitsUnknown?: (contextNip: string, err: unknown) => void) {}

  /**
   * The vault is read on every call: a credential revoked, invalidated or replaced there (`token revoke`, `token add`,
   * by this instance or another sharing the vault) takes effect at the next request, not when the cached client ages out.
   */
  forContext(contextNip: string): Promise<SessionClient> {
    return this.client(contextNip);
  }

  /** The whole client of the context (the purchase sync uses its export methods), shared with the pipeline. */
  async client(contextNip: string): Promise<KsefClient> {
    const info = await this.vault.info(contextNip, this.methodFor(contextNip));
    const version = info ? `${info.status}|${info.addedAt}` : 'none';
    if (this.clients.has(contextNip) && this.versions.get(contextNip) !== version) await this.release(contextNip);
    let client = this.clients.get(contextNip);
    if (!client) {
      client = this.create(contextNip);
      this.clients.set(contextNip, client);
      this.versions.set(contextNip, version);
      client.catch(() => this.clients.delete(contextNip));
    }
    return client;
  }

  /** The context's client when one is already made (never authenticates): for read-only views such as the console. */
  existing(contextNip: string): Promise<KsefClient> | undefined {
    return this.clients.get(contextNip);
  }

  credentialKind(contextNip: string): CredentialKind {
    return this.methodFor(contextNip);
  }

  async release(contextNip: string): Promise<void> {
    const client = this.clients.get(contextNip);
    this.clients.delete(contextNip);
    await client?.then((c) => c.close()).catch(() => undefined);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.clients.keys()].map((nip) => this.release(nip)));
    this.interrupted = false;
  }

  interruptWaits(): void {
    this.interrupted = true;
    for (const client of this.clients.values()) void client.then((c) => c.interruptWaits(), () => undefined);
  }

  /** A client of the context with another credential (`token add` checks a token with it): not cached, the caller closes it. */
  standalone(contextNip: string, auth: AuthMethod): KsefClient {
    return new KsefClient({ maxRateLimitWaitMs: MAX_RATE_LIMIT_WAIT_MS, ...this.optionsFor(contextNip, auth) });
  }

  /**
   * Authenticates once with `auth` (default: the vault's credential of the context) and closes again: nothing is
   * cached and nothing is written to the vault. For `doctor`, which must only read.
   */
  async checkAuthentication(contextNip: string, auth?: AuthMethod): Promise<void> {
    const method = auth ?? await authMethodFor(this.vault, contextNip, this.methodFor(contextNip));
    const client = new KsefClient({ maxRateLimitWaitMs: MAX_RATE_LIMIT_WAIT_MS, ...this.optionsFor(contextNip, method) });
    try {
      await client.authenticate();
    } finally {
      await client.close().catch(() => undefined);
    }
  }

  private async create(contextNip: string): Promise<KsefClient> {
    const kind = this.methodFor(contextNip);
    const info = await this.vault.info(contextNip, kind);
    if (info?.status !== 'active') {
      const add = kind === 'token' ? '"token add"' : '"credentials import" or "credentials enroll"';
      throw new GatewayError('GW_PIPELINE_NO_CREDENTIAL', 'config',
        info ? `The KSeF ${kind} of context ${contextNip} is ${info.status}; add a new one with ${add}` : `No KSeF ${kind} for context ${contextNip}; add one with ${add}`,
        { location: contextNip });
    }
    const client = new KsefClient({ maxRateLimitWaitMs: MAX_RATE_LIMIT_WAIT_MS, ...this.optionsFor(contextNip, await authMethodFor(this.vault, contextNip, kind)) });
    if (this.interrupted) client.interruptWaits();
    try {
      await client.authenticate();
    } catch (e) {
      await client.close().catch(() => undefined);
      throw e;
    }
    await this.vault.recordAuthentication(contextNip, kind, new Date());
    // KSeF's own answer wins over the published table (limits differ per context and change); the table stays if it fails.
    await client.getRateLimits().catch((err: unknown) => this.onLimitsUnknown?.(contextNip, err));
    return client;
  }
}
