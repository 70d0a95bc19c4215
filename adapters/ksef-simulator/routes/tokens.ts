import { z } from 'zod';
import { issueKsefToken, TOKEN_PERMISSIONS } from '../auth/issueKsefToken.js';
import { paginate } from '../http/paginate.js';
import { parseBody } from '../http/parseBody.js';
import type { Router } from '../http/Router.js';
import { SimHttpError } from '../http/SimHttpError.js';
import type { Caller, SimRequest } from '../http/SimRequest.js';
import type { SimContext } from '../SimContext.js';
import type { AuthRecord, TokenRecord } from '../store/records.js';

const generateRequest = z.object({ permissions: z.array(z.enum(TOKEN_PERMISSIONS)).min(1), description: z.string().min(5).max(256) });

const view = (t: TokenRecord): Record<string, unknown> => ({
  referenceNumber: t.referenceNumber,
  authorIdentifier: t.author,
  contextIdentifier: t.context,
  description: t.description,
  requestedPermissions: t.permissions,
  dateCreated: t.dateCreated,
  lastUseDate: t.lastUseDate ?? null,
  status: t.status,
  statusDetails: [],
});

const seesAll = (c: Caller): boolean => c.permissions.some((p) => p === 'CredentialsManage' || p === 'CredentialsRead' || p === 'Owner');

/** Tokens the caller may see: all of the context with Credentials*, else only the token it authenticated with. */
function visibleTokens(sim: SimContext, req: SimRequest): TokenRecord[] {
  const c = req.caller!;
  const all = sim.store.byCtx<TokenRecord>('token', `${c.contextType}:${c.contextValue}`);
  if (seesAll(c)) return all;
  const own = sim.store.get<AuthRecord>('auth', c.authRef)?.tokenRef;
  return all.filter((t) => t.referenceNumber === own);
}

function findToken(sim: SimContext, req: SimRequest): TokenRecord {
  const t = visibleTokens(sim, req).find((x) => x.referenceNumber === req.params.referenceNumber);
  if (!t) throw SimHttpError.invalid(`Token o numerze referencyjnym ${req.params.referenceNumber} nie został znaleziony.`);
  return t;
}

export function register(router: Router, sim: SimContext): void {
  router.add(
    {
      method: 'POST', path: '/v2/tokens', auth: 'access', rate: 'other',
      handler: (req) => {
        const body = parseBody(req, generateRequest);
        const c = req.caller!;
        if (c.contextType !== 'Nip' && c.contextType !== 'InternalId') throw SimHttpError.badRequest(26002, 'Nie można wygenerować tokena dla obecnego typu kontekstu.');
        const missing = body.permissions.filter((p) => !c.permissions.includes(p) && !c.permissions.includes('Owner'));
        if (missing.length) throw SimHttpError.badRequest(26001, 'Nie można nadać tokenowi uprawnień których nie posiadasz.', [`Brak uprawnień: ${missing.join(', ')}.`]);
        const issued = issueKsefToken(sim, {
          context: { type: c.contextType as 'Nip', value: c.contextValue }, author: { type: 'Nip', value: c.contextValue },
          permissions: body.permissions, description: body.description,
        });
        return { status: 202, json: { referenceNumber: issued.referenceNumber, token: issued.token } };
      },
    },
    {
      method: 'GET', path: '/v2/tokens', auth: 'access', rate: 'other',
      handler: (req) => {
        const statuses = req.query.getAll('status');
        const description = req.query.get('description')?.toLowerCase();
        const items = visibleTokens(sim, req).reverse()
          .filter((t) => statuses.length === 0 || statuses.includes(t.status))
          .filter((t) => !description || t.description.toLowerCase().includes(description));
        const { page, continuationToken } = paginate(req, items, 10, 100);
        return { status: 200, json: { continuationToken: continuationToken ?? null, tokens: page.map(view) } };
      },
    },
    {
      method: 'GET', path: '/v2/tokens/{referenceNumber}', auth: 'access', rate: 'other',
      handler: (req) => ({ status: 200, json: view(findToken(sim, req)) }),
    },
    {
      method: 'DELETE', path: '/v2/tokens/{referenceNumber}', auth: 'access', rate: 'other',
      handler: (req) => {
        const t = findToken(sim, req);
        sim.store.put('token', t.referenceNumber, { ...t, status: 'Revoked' }, { ctx: sim.contextKey(t.context) });
        return { status: 204 };
      },
    },
  );
}
