import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseTokenExpiry } from '../credentials/tokenExpiry.js';
import { tokenValueFrom } from '../credentials/tokenValue.js';
import { GatewayError } from '../errors/GatewayError.js';
import type { CredentialKind } from '../vault/CredentialVault.js';
import type { SecretValue } from '../vault/SecretValue.js';
import type { RouteContext } from './ConsoleServer.js';
import { credentialsPage, type CredentialView } from './views/credentialsPage.js';
import { tokenFormPage } from './views/tokenFormPage.js';

type Notice = { kind: 'ok' | 'error'; text: string };

/** Credential status without the secret; check now and revoke; a token pasted once into a form (operators). */
export function registerCredentialRoutes(app: FastifyInstance, c: RouteContext): void {
  const { deps } = c;
  // What the last token form of a session did, for the page the browser is sent to next (Post/Redirect/Get: a reload
  // of that page must never post the token again). Keyed by the session's CSRF token, taken once.
  const flash = new Map<string, Notice>();

  const show = async (req: FastifyRequest, reply: FastifyReply, notice?: Notice) => {
    const chosen = new Map(deps.contexts().map((x) => [x.nip, x.method]));
    const views: CredentialView[] = (await deps.credentials()).map((r) => {
      const expiry = r.certificate?.expiry ?? r.tokenExpiry;
      return {
        nip: r.contextNip, kind: r.kind, status: r.status, statusReason: r.statusReason, ksefStatus: r.ksefStatus, referenceNumber: r.referenceNumber,
        permissions: r.permissions, expiresAt: expiry?.notAfter, daysLeft: expiry?.daysLeft,
        lastAuthenticatedAt: r.lastAuthenticatedAt, subject: r.certificate?.subject, inUse: chosen.get(r.contextNip) === r.kind,
      };
    });
    return c.page(reply, req, (p) => credentialsPage(p, views, notice, !!deps.addToken));
  };
  app.get('/console/credentials', async (req, reply) => {
    const key = req.consoleSession?.csrf;
    const notice = key ? flash.get(key) : undefined;
    if (key) flash.delete(key);
    return show(req, reply, notice);
  });

  const action = (name: 'check' | 'revoke') => async (req: FastifyRequest, reply: FastifyReply) => {
    const { nip, kind } = req.params as { nip: string; kind: string };
    const target = `${nip}/${kind}`;
    if (!/^\d{10}$/.test(nip) || (kind !== 'token' && kind !== 'certificate')) return show(req, reply.code(400), { kind: 'error', text: `unknown credential ${target}` });
    if (!c.requireOperator(req, reply, `credential.${name}`, target)) return reply;
    if (name === 'revoke' && (req.body as Record<string, unknown>).confirm !== 'yes') {
      return show(req, reply.code(400), { kind: 'error', text: 'revoke: tick the confirmation first' });
    }
    const run = name === 'check' ? deps.checkCredential : deps.revokeCredential;
    if (!run) return show(req, reply.code(501), { kind: 'error', text: `${name} is not available in this gateway` });
    try {
      const text = await run(nip, kind as CredentialKind);
      await c.audit(req, `credential.${name}`, target, 'ok', text);
      return show(req, reply, { kind: 'ok', text });
    } catch (e) {
      await c.audit(req, `credential.${name}`, target, 'failed', (e as Error).message);
      return show(req, reply.code(502), { kind: 'error', text: `${target}: ${(e as Error).message}` });
    }
  };
  app.post('/console/credentials/:nip/:kind/check', action('check'));
  app.post('/console/credentials/:nip/:kind/revoke', action('revoke'));

  const contexts = () => deps.contexts().map((x) => ({ nip: x.nip, name: x.name }));
  app.get('/console/credentials/token/new', async (req, reply) => {
    if (!c.requireOperator(req, reply, 'credential.add', 'token form')) return reply;
    if (!deps.addToken) return show(req, reply.code(501), { kind: 'error', text: 'adding a token is not available in this gateway' });
    const nip = (req.query as { nip?: unknown }).nip;
    return c.page(reply, req, (p) => tokenFormPage(p, contexts(), { nip: typeof nip === 'string' ? nip : undefined }));
  });

  app.post('/console/credentials/token', async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const pasted = typeof body.token === 'string' ? body.token : '';
    // The value leaves the request here: nothing later (a hook, an error page, the audit) can reach it through the body.
    delete body.token;
    const nip = typeof body.nip === 'string' ? body.nip.trim().slice(0, 20) : '';
    const expires = typeof body.expires === 'string' ? body.expires.trim().slice(0, 40) : '';
    const target = `${nip || '-'}/token`;
    if (!c.requireOperator(req, reply, 'credential.add', target)) return reply;
    const add = deps.addToken;
    if (!add) return show(req, reply.code(501), { kind: 'error', text: 'adding a token is not available in this gateway' });
    const again = async (status: number, text: string, outcome: 'refused' | 'failed') => {
      const safe = scrub(text, pasted);
      await c.audit(req, 'credential.add', target, outcome, safe);
      return c.page(reply.code(status), req, (p) => tokenFormPage(p, contexts(), { nip, expires }, { kind: 'error', text: safe }));
    };
    let secret: SecretValue;
    let expiresAt: string | undefined;
    try {
      if (!contexts().some((x) => x.nip === nip)) {
        throw new GatewayError('GW_TOKEN_NIP', 'config', `context ${nip || '(none)'} is not configured here (contexts in the gateway's config)`, { location: 'nip' });
      }
      if (pasted.length > 1000) throw new GatewayError('GW_TOKEN_VALUE_FORMAT', 'config', 'The pasted token is longer than 1000 characters; paste exactly one token', { location: 'token' });
      secret = tokenValueFrom(pasted, 'the form');
      expiresAt = expires ? parseTokenExpiry(expires, new Date((deps.now ?? Date.now)()), 'valid until') : undefined;
    } catch (e) {
      return again(400, (e as Error).message, 'refused');
    }
    try {
      const r = await add(nip, secret, { expiresAt });
      const text = scrub(r.lines.join(' '), pasted);
      await c.audit(req, 'credential.add', target, 'ok', text);
      if (flash.size > 1000) flash.clear();
      if (req.consoleSession) flash.set(req.consoleSession.csrf, { kind: r.verified ? 'ok' : 'error', text });
      // Only this path: the redirect carries nothing of the form.
      return reply.redirect('/console/credentials', 303);
    } catch (e) {
      // A refusal (KSeF said no, a token of another context) is the operator's to fix; anything else is ours or KSeF's.
      const refused = GatewayError.is(e) && e.kind === 'config';
      if (!refused) deps.logger?.error({ err: e, contextNip: nip }, 'console: storing a token failed');
      return again(refused ? 400 : 502, `${target}: ${(e as Error).message}`, refused ? 'refused' : 'failed');
    }
  });
}

/**
 * Defence in depth: whatever an error says, the pasted value never goes out, nor its secret part (after the last `|`
 * of a KSeF token; the reference number before it is no secret).
 */
function scrub(text: string, pasted: string): string {
  const value = pasted.trim();
  if (value.length < 8) return text;
  let out = text.split(value).join('[redacted]');
  const secretPart = value.slice(value.lastIndexOf('|') + 1);
  if (secretPart.length >= 8) out = out.split(secretPart).join('[redacted]');
  return out;
}
