import type * as Oidc from 'openid-client';
import { loadOnce } from '../lazy/loadOnce.js';
import { randomToken } from './ConsoleAuth.js';
import type { ConsoleRole } from './ports/ConsoleStore.js';

/** `console.oidc` (docs/console.md): sign-in through the company's identity provider, roles from a claim. */
export interface OidcOptions {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Where the provider sends the browser back: `<console URL>/console/login/oidc/callback`, registered at the provider. */
  readonly redirectUrl: string;
  readonly scopes: readonly string[];
  /** The sign-in button's label. */
  readonly label: string;
  /** Claims tried in order for the user name shown and audited (e.g. preferred_username, email); `sub` last. */
  readonly usernameClaims: readonly string[];
  /** The claim holding the user's groups or roles (a string or an array of strings). */
  readonly roleClaim: string;
  readonly operatorGroups: readonly string[];
  readonly viewerGroups: readonly string[];
}

export type OidcOutcome =
  | { readonly ok: true; readonly username: string; readonly role: ConsoleRole }
  | { readonly ok: false; readonly reason: string; readonly username?: string };

/** What one sign-in attempt keeps between leaving for the provider and coming back (in memory, for 10 minutes). */
interface Pending {
  readonly verifier: string;
  readonly nonce: string;
  readonly until: number;
}

const PENDING_MS = 10 * 60_000;

/** openid-client is loaded by the first sign-in, not by every gateway that has a console. */
const openidClient = loadOnce((): Promise<typeof Oidc> => import('openid-client'));

/**
 * Authorization code flow with PKCE, state and nonce (openid-client, certified as an OpenID relying party). The
 * provider's answer is checked by the library (issuer, audience, signature, expiry, nonce); this class only maps the
 * claims to a console user and role. An issuer on plain HTTP is accepted only on loopback (a test provider).
 */
export class OidcSignIn {
  private config?: Promise<Oidc.Configuration>;
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly o: OidcOptions, private readonly now: () => number = Date.now) {}

  get label(): string {
    return this.o.label;
  }

  private configuration(): Promise<Oidc.Configuration> {
    const issuer = new URL(this.o.issuer);
    const loopbackHttp = issuer.protocol === 'http:' && /^(127\.\d+\.\d+\.\d+|\[::1\]|localhost)$/.test(issuer.hostname);
    this.config ??= openidClient().then((oidc) => oidc.discovery(issuer, this.o.clientId, this.o.clientSecret, undefined,
      loopbackHttp ? { execute: [oidc.allowInsecureRequests] } : undefined));
    // A provider that was down at the first try is asked again next time.
    this.config.catch(() => { this.config = undefined; });
    return this.config;
  }

  /** The provider's authorization URL and the state the browser's cookie must carry back. */
  async start(): Promise<{ url: string; state: string }> {
    const config = await this.configuration();
    const oidc = await openidClient();
    const verifier = oidc.randomPKCECodeVerifier();
    const state = randomToken();
    const nonce = oidc.randomNonce();
    const now = this.now();
    for (const [k, v] of this.pending) if (v.until <= now) this.pending.delete(k);
    if (this.pending.size > 10_000) this.pending.clear();
    this.pending.set(state, { verifier, nonce, until: now + PENDING_MS });
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.o.redirectUrl, scope: this.o.scopes.join(' '), state, nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    });
    return { url: url.href, state };
  }

  /**
   * The browser came back to `callbackUrl` (the redirect URL with the provider's query); `cookieState` is what the
   * browser's cookie holds. Each state is used once.
   */
  async finish(callbackQuery: string, cookieState: string | undefined): Promise<OidcOutcome> {
    const params = new URLSearchParams(callbackQuery);
    const state = params.get('state') ?? '';
    const pending = this.pending.get(state);
    this.pending.delete(state);
    if (!cookieState || cookieState !== state || !pending || pending.until <= this.now()) {
      return { ok: false, reason: 'the sign-in expired or did not start in this browser (state)' };
    }
    if (params.get('error')) return { ok: false, reason: `the identity provider refused: ${params.get('error')}${params.get('error_description') ? ` (${params.get('error_description')})` : ''}`.slice(0, 300) };
    const config = await this.configuration();
    const oidc = await openidClient();
    const callback = new URL(this.o.redirectUrl);
    callback.search = callbackQuery;
    const tokens = await oidc.authorizationCodeGrant(config, callback,
      { pkceCodeVerifier: pending.verifier, expectedState: state, expectedNonce: pending.nonce, idTokenExpected: true });
    // idTokenExpected: the library has checked the ID token (signature, issuer, audience, expiry, nonce) or thrown.
    const claims: Record<string, unknown> = tokens.claims() ?? {};
    const name = [...this.o.usernameClaims, 'sub'].map((c) => claims[c]).find((v): v is string => typeof v === 'string' && v.length > 0);
    if (!name) return { ok: false, reason: 'the ID token names no user (sub)' };
    const username = `oidc:${name.slice(0, 58)}`;
    const raw = claims[this.o.roleClaim];
    const groups = new Set(Array.isArray(raw) ? raw.filter((g): g is string => typeof g === 'string') : typeof raw === 'string' ? raw.split(/[\s,]+/) : []);
    const role: ConsoleRole | undefined = this.o.operatorGroups.some((g) => groups.has(g)) ? 'operator'
      : this.o.viewerGroups.some((g) => groups.has(g)) ? 'viewer' : undefined;
    if (!role) return { ok: false, username, reason: `not in a group that may use the console (${this.o.roleClaim})` };
    return { ok: true, username, role };
  }
}
