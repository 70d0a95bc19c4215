import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CredentialKind } from '../vault/CredentialVault.js';
import type { RouteContext } from './ConsoleServer.js';
import { credentialsPage, type CredentialView } from './views/credentialsPage.js';

/** Credential status without the secret; check now and revoke for operators. Adding a token stays on the CLI. */
export function registerCredentialRoutes(app: FastifyInstance, c: RouteContext): void {
  const { deps } = c;

  const show = async (req: FastifyRequest, reply: FastifyReply, notice?: { kind: 'ok' | 'error'; text: string }) => {
    const chosen = new Map(deps.contexts().map((x) => [x.nip, x.method]));
    const views: CredentialView[] = (await deps.credentials()).map((r) => ({
      nip: r.contextNip, kind: r.kind, status: r.status, statusReason: r.statusReason, ksefStatus: r.ksefStatus, referenceNumber: r.referenceNumber,
      permissions: r.permissions, expiresAt: r.certificate?.expiry.notAfter, daysLeft: r.certificate?.expiry.daysLeft,
      lastAuthenticatedAt: r.lastAuthenticatedAt, subject: r.certificate?.subject, inUse: chosen.get(r.contextNip) === r.kind,
    }));
    return c.page(reply, req, (p) => credentialsPage(p, views, notice));
  };
  app.get('/console/credentials', async (req, reply) => show(req, reply));

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
}
