import type { FastifyInstance } from 'fastify';
import type { RouteContext } from './ConsoleServer.js';
import { auditPage } from './views/auditPage.js';
import { failureCodePage, failuresPage } from './views/failuresPage.js';
import { overviewPage, type ContextView, type PurchaseSyncView } from './views/overviewPage.js';

const PAGE = 50;

/** Overview, rejections by error code and the audit log: read-only pages. */
export function registerOverviewRoutes(app: FastifyInstance, c: RouteContext): void {
  const { deps } = c;
  const now = () => (deps.now ?? Date.now)();

  app.get('/console', async (req, reply) => {
    const [facts, creds, reachable, cursors] = await Promise.all([deps.store.contextFacts(now()), deps.credentials(),
      deps.ksefReachable ? deps.ksefReachable().catch(() => false) : Promise.resolve(undefined),
      deps.purchaseSync ? deps.purchaseSync() : Promise.resolve(undefined)]);
    const byNip = new Map(facts.map((f) => [f.contextNip, f]));
    const configured = deps.contexts();
    const nips = [...new Set([...configured.map((x) => x.nip), ...facts.map((f) => f.contextNip).filter((n) => n !== '')])];
    const views: ContextView[] = [];
    for (const nip of nips) {
      const conf = configured.find((x) => x.nip === nip);
      const method = conf?.method ?? 'token';
      const cred = creds.find((x) => x.contextNip === nip && x.kind === method);
      const expiry = cred?.certificate?.expiry ?? cred?.tokenExpiry;
      views.push({
        nip, name: conf?.name, method, credentialStatus: cred?.status ?? 'missing', credentialReason: cred?.statusReason, permissions: cred?.permissions,
        expiresAt: expiry?.notAfter, daysLeft: expiry?.daysLeft, lastAuthenticatedAt: cred?.lastAuthenticatedAt,
        facts: byNip.get(nip), rateRoom: deps.rateRoom ? await deps.rateRoom(nip).catch(() => undefined) : undefined,
      });
    }
    const behindMs = (deps.purchaseSyncBehindMinutes ?? 120) * 60_000;
    // Behind as the purchase-sync-behind alert judges it: no successful run for that long, or the last one failed.
    const sync = cursors?.map((x): PurchaseSyncView => ({ ...x,
      behind: x.lastSyncAt !== null && (now() - x.lastSyncAt >= behindMs || x.lastError !== null) }));
    return c.page(reply, req, (p) => overviewPage(p, views, reachable, now(), sync));
  });

  app.get('/console/failures', async (req, reply) => {
    const groups = await deps.store.failureGroups({ limit: 200 });
    return c.page(reply, req, (p) => failuresPage(p, groups));
  });

  app.get('/console/failures/:code', async (req, reply) => {
    const { code } = req.params as { code: string };
    const after = parseAfter((req.query as { after?: unknown }).after);
    const rows = await deps.store.failuresOf(code.slice(0, 200), { before: after && { at: after.n, id: after.id }, limit: PAGE + 1 });
    const last = rows.length > PAGE ? rows[PAGE - 1] : undefined;
    const next = last ? `/console/failures/${encodeURIComponent(code)}?after=${last.failedAt}_${encodeURIComponent(last.id)}` : undefined;
    return c.page(reply, req, (p) => failureCodePage(p, code, rows.slice(0, PAGE), next));
  });

  app.get('/console/audit', async (req, reply) => {
    const before = Number((req.query as { before?: unknown }).before);
    const entries = await deps.store.listAudit({ before: Number.isSafeInteger(before) && before > 0 ? before : undefined, limit: PAGE + 1 });
    const next = entries.length > PAGE ? `/console/audit?before=${entries[PAGE - 1]!.seq}` : undefined;
    return c.page(reply, req, (p) => auditPage(p, entries.slice(0, PAGE), next));
  });
}

/** A keyset cursor `<number>_<id>`; anything else is no cursor. */
export function parseAfter(raw: unknown): { n: number; id: string } | undefined {
  if (typeof raw !== 'string' || raw.length > 200) return undefined;
  const m = /^(\d{1,15})_(.+)$/.exec(raw);
  return m ? { n: Number(m[1]), id: m[2]! } : undefined;
}
