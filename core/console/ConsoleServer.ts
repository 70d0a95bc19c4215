import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { ConsoleAuth, randomToken, sameToken } from './ConsoleAuth.js';
import type { ConsoleDeps } from './ConsoleDeps.js';
import { registerDocumentRoutes } from './documentRoutes.js';
import { registerCredentialRoutes } from './credentialRoutes.js';
import { registerOverviewRoutes } from './overviewRoutes.js';
import { html, type SafeHtml } from './html.js';
import { pickLang, translator, type Lang } from './i18n.js';
import type { ConsoleSession } from './ports/ConsoleStore.js';
import { CSS, layout, type PageContext } from './views/layout.js';
import { loginPage, signedInPage } from './views/loginPage.js';

export const SESSION_COOKIE = 'ksefgw_console';
const LOGIN_COOKIE = 'ksefgw_login';
const LANG_COOKIE = 'ksefgw_lang';
/** The OIDC state of a sign-in under way; SameSite=Lax, as the provider sends the browser back from another site. */
const OIDC_COOKIE = 'ksefgw_oidc';
/** Stored as the password hash of users the identity provider vouches for: no password ever matches it. */
const NO_PASSWORD = 'oidc';

declare module 'fastify' {
  interface FastifyRequest {
    consoleSession?: ConsoleSession;
    lang: Lang;
  }
}

const CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/**
 * The operations console: server-rendered HTML on the admin port (docs/console.md says why not an SPA). Every page
 * is one or a few indexed queries; no script, no external resource. Sessions are server-side, forms carry the
 * session's CSRF token, actions need the operator role and are written to the audit log.
 */
export class ConsoleServer {
  private app?: FastifyInstance;
  readonly auth: ConsoleAuth;

  constructor(private readonly deps: ConsoleDeps) {
    const o = deps.options;
    this.auth = new ConsoleAuth(deps.store, o.lockout, o.sessionMinutes, deps.now);
  }

  private get log(): Logger | undefined { return this.deps.logger; }

  /** The handler the admin server passes `/console` requests to. */
  async handler(): Promise<(req: IncomingMessage, res: ServerResponse) => void> {
    const app = await this.build();
    return (req, res) => app.routing(req, res);
  }

  async close(): Promise<void> {
    await this.app?.close();
    this.app = undefined;
  }

  private async build(): Promise<FastifyInstance> {
    if (this.app) return this.app;
    const app = Fastify({ logger: false, bodyLimit: 4 * 1024 * 1024, trustProxy: false });
    this.app = app;
    await app.register(fastifyCookie);
    await app.register(fastifyFormbody, { bodyLimit: 4 * 1024 * 1024 });
    app.decorateRequest('consoleSession', undefined);
    app.decorateRequest('lang', 'pl');
    app.addHook('onRequest', async (req, reply) => {
      reply.header('content-security-policy', CSP).header('x-content-type-options', 'nosniff').header('referrer-policy', 'same-origin')
        .header('x-frame-options', 'DENY').header('cache-control', 'no-store');
      if (!this.deps.options.allowRemote && !isLoopback(req.socket.remoteAddress)) {
        return reply.code(403).type('text/plain').send('the console answers only on this machine (console.allowRemote)\n');
      }
      req.lang = pickLang(req.cookies?.[LANG_COOKIE], req.headers['accept-language'], this.deps.options.language);
      req.consoleSession = await this.auth.session(req.cookies?.[SESSION_COOKIE]);
      const open = req.url.startsWith('/console/login') || req.url.startsWith('/console/static/') || req.url.startsWith('/console/lang/');
      if (!open && !req.consoleSession) {
        if (req.method === 'GET' || req.method === 'HEAD') return reply.redirect('/console/login', 303);
        return reply.code(401).type('text/plain').send('sign in first\n');
      }
      return undefined;
    });
    // A form not made by the console for this session (CSRF), or from another origin, changes nothing.
    app.addHook('preHandler', async (req, reply) => {
      if (req.method !== 'POST' || req.url.startsWith('/console/login')) return undefined;
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (!sameOrigin(req) || !sameToken(typeof body._csrf === 'string' ? body._csrf : undefined, req.consoleSession?.csrf)) {
        await this.audit(req, 'csrf-refused', req.url, 'refused');
        return this.page(reply.code(403), req, (p) => layout(p, p.t('forbidden'), html`<p>${p.t('csrf')}</p>`));
      }
      return undefined;
    });
    app.setErrorHandler(async (err: { statusCode?: number; message?: string }, req, reply) => {
      const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
      if (status === 500) this.log?.error({ err }, 'console request failed');
      return this.page(reply.code(status), req, (p) => layout(p, status === 500 ? 'Error' : p.t('badInput'),
        html`<p>${status === 500 ? 'internal error (see the gateway log)' : err.message ?? ''}</p>`));
    });
    app.setNotFoundHandler(async (req, reply) => this.page(reply.code(404), req, (p) => layout(p, p.t('notFound'), html``)));

    app.get('/console/static/console.css', async (_req, reply) => reply.type('text/css').header('cache-control', 'max-age=3600').send(CSS));
    app.get('/console/lang/:lang', async (req, reply) => {
      const { lang } = req.params as { lang: string };
      const back = (req.query as { back?: unknown }).back;
      if (lang === 'pl' || lang === 'en') reply.setCookie(LANG_COOKIE, lang, { path: '/console', sameSite: 'strict', httpOnly: true, maxAge: 365 * 86400 });
      // Only a console path: never an open redirect.
      return reply.redirect(typeof back === 'string' && /^\/console(\/[^/\\]|$|\?)/.test(back) ? back : '/console', 303);
    });
    this.registerSignIn(app);
    const ctx = { deps: this.deps, page: this.page.bind(this), audit: this.audit.bind(this), requireOperator: this.requireOperator.bind(this) };
    registerOverviewRoutes(app, ctx);
    registerDocumentRoutes(app, ctx);
    registerCredentialRoutes(app, ctx);
    await app.ready();
    return app;
  }

  private registerSignIn(app: FastifyInstance): void {
    const cookieBase = (req: FastifyRequest) => ({ path: '/console', httpOnly: true, sameSite: 'strict' as const,
      secure: this.deps.options.cookieSecure === 'always' || req.protocol === 'https' });
    app.get('/console/login', async (req, reply) => {
      if (req.consoleSession) return reply.redirect('/console', 303);
      const token = randomToken();
      reply.setCookie(LOGIN_COOKIE, token, { ...cookieBase(req), maxAge: 3600 });
      return this.page(reply, req, (p) => loginPage(p, token, (req.query as { failed?: string }).failed === '1', this.deps.oidc?.label));
    });
    app.post('/console/login', async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const username = typeof body.username === 'string' ? body.username.slice(0, 64) : '';
      const password = typeof body.password === 'string' ? body.password.slice(0, 1024) : '';
      if (!sameOrigin(req) || !sameToken(typeof body._csrf === 'string' ? body._csrf : undefined, req.cookies?.[LOGIN_COOKIE])) {
        await this.audit(req, 'sign-in', username, 'refused', 'login form not from the console (CSRF)', username || '-');
        return reply.code(403).type('text/plain').send('the sign-in form expired; reload it\n');
      }
      const result = username && password ? await this.auth.signIn(username, password) : { ok: false as const, reason: 'unknown-user' as const };
      if (!result.ok) {
        await this.audit(req, 'sign-in', username, 'refused', result.reason, username || '-');
        return reply.redirect('/console/login?failed=1', 303);
      }
      reply.clearCookie(LOGIN_COOKIE, { path: '/console' });
      reply.setCookie(SESSION_COOKIE, result.sessionId, { ...cookieBase(req), maxAge: this.deps.options.sessionMinutes * 60 });
      await this.audit(req, 'sign-in', username, 'ok', undefined, username);
      return reply.redirect('/console', 303);
    });
    const oidc = this.deps.oidc;
    if (oidc) {
      app.get('/console/login/oidc', async (req, reply) => {
        try {
          const { url, state } = await oidc.start();
          reply.setCookie(OIDC_COOKIE, state, { ...cookieBase(req), sameSite: 'lax', maxAge: 600 });
          return reply.redirect(url, 303);
        } catch (e) {
          this.log?.error({ err: e }, 'console: the identity provider cannot be reached');
          await this.audit(req, 'sign-in', undefined, 'failed', `oidc: the identity provider cannot be reached: ${(e as Error).message}`);
          return this.page(reply.code(502), req, (p) => layout(p, p.t('signIn'), html`<p>${p.t('oidcDown')}</p>`));
        }
      });
      app.get('/console/login/oidc/callback', async (req, reply) => {
        const q = req.url.indexOf('?');
        const cookieState = req.cookies?.[OIDC_COOKIE];
        reply.clearCookie(OIDC_COOKIE, { path: '/console' });
        const r = await oidc.finish(q < 0 ? '' : req.url.slice(q + 1), cookieState)
          .catch((e: unknown) => ({ ok: false as const, reason: `the identity provider's answer was refused: ${oidcError(e)}`.slice(0, 300), username: undefined }));
        if (!r.ok) {
          await this.audit(req, 'sign-in', r.username, 'refused', `oidc: ${r.reason}`, r.username ?? '-');
          return this.page(reply.code(403), req, (p) => layout(p, p.t('signIn'), html`<p>${p.t('oidcRefused')}</p><p><a href="/console/login">${p.t('signIn')}</a></p>`));
        }
        // The directory decides the role at every sign-in; such a user has no password here.
        await this.deps.store.putUser({ username: r.username, passwordHash: NO_PASSWORD, role: r.role, now: (this.deps.now ?? Date.now)() });
        await this.deps.store.recordSignIn(r.username, (this.deps.now ?? Date.now)());
        const { sessionId } = await this.auth.startSession(r.username, r.role);
        reply.setCookie(SESSION_COOKIE, sessionId, { ...cookieBase(req), maxAge: this.deps.options.sessionMinutes * 60 });
        await this.audit(req, 'sign-in', r.username, 'ok', `oidc (${r.role})`, r.username);
        // A page, not a redirect: the browser arrived from the provider's site, and a redirect in that navigation would
        // not carry the SameSite=Strict session cookie; a refresh from this page is a navigation of the console's own.
        return this.page(reply, req, (p) => signedInPage(p));
      });
    }
    app.post('/console/logout', async (req, reply) => {
      const id = req.cookies?.[SESSION_COOKIE];
      if (id) await this.auth.signOut(id);
      reply.clearCookie(SESSION_COOKIE, { path: '/console' });
      await this.audit(req, 'sign-out', undefined, 'ok');
      return reply.redirect('/console/login', 303);
    });
  }

  private requireOperator(req: FastifyRequest, reply: FastifyReply, action: string, target: string): boolean {
    if (req.consoleSession?.role === 'operator') return true;
    void this.audit(req, action, target, 'refused', 'needs the operator role');
    void this.page(reply.code(403), req, (p) => layout(p, p.t('forbidden'), html`<p>${p.t('forbidden')}</p>`));
    return false;
  }

  private async audit(req: FastifyRequest, action: string, target: string | undefined, outcome: 'ok' | 'refused' | 'failed',
    detail?: string, username?: string): Promise<void> {
    await this.deps.store.audit({ at: (this.deps.now ?? Date.now)(), username: username ?? req.consoleSession?.username ?? '-', action,
      target: target?.slice(0, 200), outcome, detail: detail?.slice(0, 400), remote: req.socket.remoteAddress }).catch((err: unknown) =>
      this.log?.error({ err, action }, 'console audit entry could not be written'));
  }

  private page(reply: FastifyReply, req: FastifyRequest, view: (p: PageContext) => SafeHtml): FastifyReply {
    const p: PageContext = { t: translator(req.lang), lang: req.lang, session: req.consoleSession, path: req.url };
    return reply.type('text/html; charset=utf-8').send(view(p).value);
  }
}

export type RouteContext = {
  readonly deps: ConsoleDeps;
  page(reply: FastifyReply, req: FastifyRequest, view: (p: PageContext) => SafeHtml): FastifyReply;
  audit(req: FastifyRequest, action: string, target: string | undefined, outcome: 'ok' | 'refused' | 'failed', detail?: string): Promise<void>;
  requireOperator(req: FastifyRequest, reply: FastifyReply, action: string, target: string): boolean;
};

/** openid-client's errors: the message and its causes' (the ID token's claim at fault), with the provider's error code. */
function oidcError(e: unknown): string {
  const parts: string[] = [];
  for (let cur: unknown = e, depth = 0; cur instanceof Error && depth < 4; cur = cur.cause, depth += 1) {
    const err = cur as Error & { error?: unknown; error_description?: unknown };
    parts.push(typeof err.error === 'string' ? `${err.message} (${err.error}${typeof err.error_description === 'string' ? `: ${err.error_description}` : ''})` : err.message);
  }
  return parts.join(': ');
}

function isLoopback(address: string | undefined): boolean {
  return !!address && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));
}

/** Browsers send Origin on every POST; when present it must be this host (a second line behind the CSRF token). */
function sameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
