import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { GatewayError } from '../errors/GatewayError.js';

export interface HealthReport {
  readonly status: 'up' | 'degraded' | 'down';
  readonly checks: Record<string, { status: 'up' | 'degraded' | 'down'; detail?: string }>;
}

export interface AdminServerOptions {
  readonly host: string;
  readonly port: number;
  readonly registry: Registry;
  /** HTTPS with this certificate and key (PEM files, read at listen), as the REST API's `tls`. */
  readonly tls?: { readonly certFile: string; readonly keyFile: string };
  /** Must not throw; it is the gateway's own aggregate of store, KSeF credentials and plugins. */
  readonly health: () => Promise<HealthReport>;
  /** The operations console, served under `/console` (docs/console.md); absent when disabled. */
  readonly console?: {
    handler(): Promise<(req: IncomingMessage, res: ServerResponse) => void>;
    close(): Promise<void>;
  };
}

/**
 * The admin port (loopback by default): `GET /healthz` (200 when up or degraded, 503 when down, JSON body) and
 * `GET /metrics` (Prometheus text); and, when configured, the operations console under `/console`, which signs its
 * users in before showing anything.
 */
export class AdminServer {
  private server?: Server;
  private consoleHandler?: (req: IncomingMessage, res: ServerResponse) => void;

  constructor(private readonly opts: AdminServerOptions) {}

  async listen(): Promise<{ url: string }> {
    if (this.opts.console) this.consoleHandler = await this.opts.console.handler();
    const handle = (req: IncomingMessage, res: ServerResponse): void => { void this.handle(req, res); };
    const server = this.opts.tls ? createTlsServer({ ...readTls(this.opts.tls), minVersion: 'TLSv1.2' }, handle) : createServer(handle);
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (cause: NodeJS.ErrnoException) => reject(new GatewayError('GW_ADMIN_LISTEN', cause.code === 'EADDRINUSE' ? 'config' : 'system',
        `admin port ${this.opts.host}:${this.opts.port}: ${cause.code === 'EADDRINUSE' ? 'already in use; set admin.port or KSEF_GATEWAY_ADMIN_PORT' : cause.message}`,
        { cause, location: 'admin.port' })));
      server.listen(this.opts.port, this.opts.host, () => { server.removeAllListeners('error'); resolve(); });
    });
    const { address, port } = server.address() as AddressInfo;
    return { url: `${this.opts.tls ? 'https' : 'http'}://${address.includes(':') ? `[${address}]` : address}:${port}` };
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await this.opts.console?.close();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (this.consoleHandler && (path === '/console' || path?.startsWith('/console/'))) return this.consoleHandler(req, res);
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed\n');
      if (path === '/healthz') {
        const report = await this.opts.health();
        return send(res, report.status === 'down' ? 503 : 200, 'application/json', `${JSON.stringify(report)}\n`);
      }
      if (path === '/metrics') return send(res, 200, this.opts.registry.contentType, await this.opts.registry.metrics());
      return send(res, 404, 'text/plain', 'not found\n');
    } catch {
      return send(res, 500, 'text/plain', 'internal error\n');
    }
  }
}

function readTls(tls: { certFile: string; keyFile: string }): { cert: Buffer; key: Buffer } {
  const read = (file: string, key: 'certFile' | 'keyFile'): Buffer => {
    try {
      return readFileSync(file);
    } catch (e) {
      throw new GatewayError('GW_ADMIN_TLS', 'config', `admin.tls.${key}: ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
        { cause: e, location: `admin.tls.${key}` });
    }
  };
  return { cert: read(tls.certFile, 'certFile'), key: read(tls.keyFile, 'keyFile') };
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}
