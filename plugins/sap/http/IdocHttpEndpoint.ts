import { readFileSync } from 'node:fs';
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { timingSafeEqual } from 'node:crypto';
import { decodeXml, type PluginLogger } from '../../../core/plugin-api/index.js';
import type { IdocIntake } from '../IdocIntake.js';
import { describeIssue } from '../IdocIntake.js';

export interface EndpointOptions {
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly maxBytes: number;
  readonly basicAuth?: { readonly user: string; readonly password: string };
  readonly tls?: { readonly cert: string; readonly key: string; readonly ca?: string };
  /** Client certificates (TLS with `ca`) whose subject CN is listed are let in. */
  readonly clientCertificate?: { readonly allowedSubjects: readonly string[] };
}

/**
 * The endpoint for SAP's XML-HTTP port (WE21 "XML HTTP", SM59 type G). It answers 200 only once every IDoc of the
 * request is durably taken (submitted, or refused with its status 40 queued); anything else gets a 4xx or 5xx with a
 * reason, so that SAP keeps the IDoc for resending (SM58/BD87): 401/403 credentials, 400 not IDoc-XML, 413 too
 * large, 422 not an invoice IDoc, 503 the gateway could not store it.
 */
export class IdocHttpEndpoint {
  private server: Server | undefined;

  constructor(private readonly options: EndpointOptions, private readonly intake: IdocIntake, private readonly logger: PluginLogger) {}

  async start(): Promise<void> {
    const handler = (req: IncomingMessage, res: ServerResponse): void => { void this.handle(req, res); };
    const tls = this.options.tls;
    this.server = tls
      ? createHttps({
        cert: readFileSync(tls.cert), key: readFileSync(tls.key), ...(tls.ca ? { ca: readFileSync(tls.ca) } : {}),
        requestCert: this.options.clientCertificate !== undefined, rejectUnauthorized: false,
      }, handler)
      : createHttp(handler);
    const server = this.server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => { server.off('error', reject); resolve(); });
    });
    this.logger.info({ url: this.url }, 'IDoc-XML endpoint listening');
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections?.();
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    return `${this.options.tls ? 'https' : 'http'}://${this.options.host}:${address?.port ?? this.options.port}${this.options.path}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const reply = (code: number, text: string, headers: Record<string, string> = {}): void => {
      res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end(`${text}\n`);
    };
    try {
      if (new URL(req.url ?? '/', 'http://x').pathname !== this.options.path) return reply(404, `no IDoc endpoint at this path; use ${this.options.path}`);
      if (req.method !== 'POST') return reply(405, 'POST the IDoc-XML', { allow: 'POST' });
      const denied = this.authenticate(req);
      if (denied) return reply(denied.code, denied.text, denied.headers);
      const body = await readBody(req, this.options.maxBytes);
      if (body === undefined) return reply(413, `request larger than ${this.options.maxBytes} bytes`);
      // Strictly: bytes that are not UTF-8 (or not in the declared encoding) are refused with their place, never replaced.
      const decoded = decodeXml(body, { source: 'request body' });
      if (!decoded.ok) return reply(400, decoded.error.message);
      const result = await this.intake.take(decoded.text, 'http');
      if (result.kind === 'not-idoc') return reply(400, `not an IDoc: ${result.issues.map(describeIssue).join('; ')}`);
      const wrong = result.results.filter((r) => r.state === 'wrong-type');
      if (wrong.length === result.results.length) return reply(422, wrong.map((r) => `IDoc ${r.docnum}: ${r.messages?.join('; ')}`).join('\n'));
      this.logger.info({ idocs: result.results.length, states: result.results.map((r) => r.state) }, 'IDoc-XML delivery taken');
      return reply(200, result.results.map((r) => `IDoc ${r.docnum}: ${r.state}${r.messages?.length ? ` (${r.messages.length} errors, status 40 queued)` : ''}`).join('\n'));
    } catch (err) {
      this.logger.error({ err }, 'IDoc delivery not stored; SAP will resend');
      if (!res.headersSent) reply(503, 'the gateway could not store the IDoc now; resend later', { 'retry-after': '30' });
    }
  }

  private authenticate(req: IncomingMessage): { code: number; text: string; headers?: Record<string, string> } | undefined {
    const cert = this.options.clientCertificate;
    if (cert) {
      const socket = req.socket as TLSSocket;
      const peer = typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate() : undefined;
      const subject = peer && Object.keys(peer).length > 0 ? String(peer.subject?.CN ?? '') : '';
      if (subject && socket.authorized && cert.allowedSubjects.includes(subject)) return undefined;
      if (!this.options.basicAuth) return { code: 403, text: subject ? `client certificate ${subject} is not allowed` : 'a trusted client certificate is required' };
    }
    const basic = this.options.basicAuth;
    if (!basic) return cert ? { code: 403, text: 'a trusted client certificate is required' } : undefined;
    const header = req.headers.authorization ?? '';
    const given = header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString('utf8') : '';
    if (given && same(given, `${basic.user}:${basic.password}`)) return undefined;
    return { code: 401, text: 'user or password wrong', headers: { 'www-authenticate': 'Basic realm="ksef-gateway"' } };
  }
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

async function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
