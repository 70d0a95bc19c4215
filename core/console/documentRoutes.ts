import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DocumentState } from '../plugin-api/types.js';
import type { RouteContext } from './ConsoleServer.js';
import { html } from './html.js';
import { translator } from './i18n.js';
import { parseAfter } from './overviewRoutes.js';
import type { ConsoleDocumentQuery } from './ports/ConsoleStore.js';
import { documentPage } from './views/documentPage.js';
import { documentsPage, type DocumentFilters } from './views/documentsPage.js';
import { layout } from './views/layout.js';
import { STATE_ORDER } from './views/overviewPage.js';

const PAGE = 50;
const DAY = 86_400_000;

/** Turns the search form into an indexed query, or says which field is wrong (never a 500). */
export function documentQuery(raw: Record<string, unknown>): { filters: DocumentFilters; query?: ConsoleDocumentQuery; error?: string } {
  const s = (k: string): string | undefined => {
    const v = raw[k];
    return typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, 256) : undefined;
  };
  const filters: DocumentFilters = { erpId: s('erpId'), invoiceNumber: s('invoiceNumber'), ksefNumber: s('ksefNumber'), context: s('context'),
    state: s('state') as DocumentState | undefined, from: s('from'), to: s('to') };
  if (filters.context !== undefined && !/^\d{10}$/.test(filters.context)) return { filters, error: 'context: a NIP is 10 digits' };
  if (filters.state !== undefined && !STATE_ORDER.includes(filters.state)) return { filters, error: `state: unknown state "${filters.state}"` };
  const day = (v: string | undefined, field: string): number | undefined | Error => {
    if (v === undefined) return undefined;
    const t = /^\d{4}-\d{2}-\d{2}$/.test(v) ? Date.parse(`${v}T00:00:00Z`) : NaN;
    return Number.isFinite(t) ? t : new Error(`${field}: a date is YYYY-MM-DD`);
  };
  const from = day(filters.from, 'from');
  const to = day(filters.to, 'to');
  if (from instanceof Error) return { filters, error: from.message };
  if (to instanceof Error) return { filters, error: to.message };
  const after = parseAfter(raw.after);
  return { filters, query: { erpId: filters.erpId, invoiceNumber: filters.invoiceNumber, ksefNumber: filters.ksefNumber, contextNip: filters.context,
    state: filters.state, createdFrom: from, createdTo: to === undefined ? undefined : to + DAY,
    before: after && { createdAt: after.n, id: after.id }, limit: PAGE + 1 } };
}

function nextLink(filters: DocumentFilters, last: { createdAt: number; id: string }): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v !== undefined) q.set(k, String(v));
  q.set('after', `${last.createdAt}_${last.id}`);
  return `/console/documents?${q.toString()}`;
}

/** Search, one document's page, its XML and UPO, and the actions on it. */
export function registerDocumentRoutes(app: FastifyInstance, c: RouteContext): void {
  const { deps } = c;

  app.get('/console/documents', async (req, reply) => {
    const { filters, query, error } = documentQuery(req.query as Record<string, unknown>);
    if (!query) return c.page(reply.code(400), req, (p) => documentsPage(p, filters, [], undefined, error));
    const rows = await deps.store.searchDocuments(query);
    const next = rows.length > PAGE ? nextLink(filters, rows[PAGE - 1]!) : undefined;
    return c.page(reply, req, (p) => documentsPage(p, filters, rows.slice(0, PAGE), next));
  });

  const show = async (req: FastifyRequest, reply: FastifyReply, id: string, notice?: { kind: 'ok' | 'error'; text: string }) => {
    const doc = id.length <= 100 ? await deps.documents.get(id) : undefined;
    if (!doc) return c.page(reply.code(404), req, (p) => layout(p, p.t('notFound'), html``));
    const [history, xml, upo] = await Promise.all([deps.store.history(id), deps.documents.getXml(id), deps.upo(doc)]);
    const failed = doc.state === 'invalid' || doc.state === 'rejected' || (doc.state === 'delivered' && !doc.ksefNumber);
    return c.page(reply, req, (p) => documentPage(p, { doc, history, xml, upo, canRetry: doc.state === 'accepted' || doc.state === 'rejected',
      canResubmit: failed && !!deps.resubmit }, notice));
  };
  app.get('/console/documents/:id', async (req, reply) => show(req, reply, (req.params as { id: string }).id));

  app.get('/console/documents/:id/xml', async (req, reply) => {
    const { id } = req.params as { id: string };
    const xml = await deps.documents.getXml(id);
    if (!xml) return reply.code(404).type('text/plain').send('no XML\n');
    return reply.type('application/xml').header('content-disposition', `attachment; filename="${safeName(id)}.xml"`).send(xml);
  });

  app.get('/console/documents/:id/upo', async (req, reply) => {
    const { id } = req.params as { id: string };
    const doc = await deps.documents.get(id);
    const upo = doc ? await deps.upo(doc) : undefined;
    if (!upo) return reply.code(404).type('text/plain').send('no UPO\n');
    return reply.type('application/xml').header('content-disposition', `attachment; filename="UPO-${safeName(doc!.ksefNumber ?? id)}.xml"`).send(upo);
  });

  app.post('/console/documents/:id/retry', async (req, reply) => {
    const { id } = req.params as { id: string };
    if (!c.requireOperator(req, reply, 'document.retry', id)) return reply;
    const t = translator(req.lang);
    try {
      const doc = await deps.retry(id);
      await c.audit(req, 'document.retry', `${id} (${doc.erpId})`, 'ok');
      return show(req, reply, id, { kind: 'ok', text: t('retried') });
    } catch (e) {
      await c.audit(req, 'document.retry', id, 'failed', (e as Error).message);
      return show(req, reply.code(409), id, { kind: 'error', text: (e as Error).message });
    }
  });

  app.post('/console/documents/:id/resubmit', async (req, reply) => {
    const { id } = req.params as { id: string };
    if (!c.requireOperator(req, reply, 'document.resubmit', id)) return reply;
    const xml = (req.body as Record<string, unknown>).xml;
    const doc = await deps.documents.get(id);
    if (!doc || !deps.resubmit || typeof xml !== 'string' || xml.trim() === '') {
      return show(req, reply.code(400), id, { kind: 'error', text: 'resubmit: corrected FA(3) XML is required' });
    }
    try {
      const r = await deps.resubmit(doc, Buffer.from(xml, 'utf8'));
      await c.audit(req, 'document.resubmit', `${id} (${doc.erpId}) -> ${r.id} (${r.erpId})`, 'ok', r.state);
      return reply.redirect(`/console/documents/${encodeURIComponent(r.id)}`, 303);
    } catch (e) {
      await c.audit(req, 'document.resubmit', id, 'failed', (e as Error).message);
      return show(req, reply.code(409), id, { kind: 'error', text: (e as Error).message });
    }
  });
}

function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100);
}
