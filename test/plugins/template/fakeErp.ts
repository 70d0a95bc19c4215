import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A tiny ERP REST API on loopback, as the template plugin expects it, with what it was told. */
export interface FakeErp {
  url: string;
  invoices: Map<string, { id: string; fa3Xml?: string; invoice?: unknown; status: 'new' | 'taken'; ksef?: Record<string, unknown> }>;
  authHeaders: string[];
  failHealth: boolean;
  close(): Promise<void>;
}

export async function startFakeErp(apiKey: string): Promise<FakeErp> {
  const erp = { invoices: new Map(), authHeaders: [], failHealth: false } as unknown as FakeErp;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      erp.authHeaders.push(String(req.headers.authorization));
      if (req.headers.authorization !== `Bearer ${apiKey}`) { res.writeHead(401).end(); return; }
      const url = new URL(req.url ?? '/', 'http://x');
      const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
      const json = (status: number, value?: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(value === undefined ? '' : JSON.stringify(value));
      };
      if (req.method === 'GET' && url.pathname === '/health') return json(erp.failHealth ? 503 : 200, { ok: !erp.failHealth });
      if (req.method === 'GET' && url.pathname === '/invoices') {
        return json(200, [...erp.invoices.values()].filter((i) => i.status === url.searchParams.get('status')).map(({ id, fa3Xml, invoice }) => ({ id, fa3Xml, invoice })));
      }
      const invoice = parts[0] === 'invoices' ? erp.invoices.get(parts[1]) : undefined;
      if (!invoice) return json(404);
      if (req.method === 'POST' && parts[2] === 'taken') { invoice.status = 'taken'; return json(204); }
      if (req.method === 'PUT' && parts[2] === 'ksef') { invoice.ksef = JSON.parse(body); return json(204); }
      return json(404);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  erp.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  // The template's base URL carries a path; the fake serves at the root, so strip it on the way in.
  server.prependListener('request', (req) => { req.url = req.url?.replace(/^\/api/, '') ?? '/'; });
  erp.close = () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); });
  return erp;
}
