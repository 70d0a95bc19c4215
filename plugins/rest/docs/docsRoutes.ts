import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ksef-gateway REST API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"><link rel="icon" href="/docs/favicon-32x32.png"></head>
<body><div id="api"></div><script src="/docs/swagger-ui-bundle.js"></script><script src="/docs/init.js"></script></body></html>`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/v1/openapi.json', dom_id: '#api', deepLinking: true });`;

/**
 * The OpenAPI document and a readable reference page. The page's assets come from the swagger-ui-dist package on
 * this machine: nothing is fetched from a CDN, so it works offline and behind a strict firewall.
 */
export function docsRoutes(app: FastifyInstance, withPage: boolean): void {
  app.get('/v1/openapi.json', { config: { auth: false }, schema: { hide: true } }, async () => app.swagger());
  if (!withPage) return;
  const dist = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const headers = { 'cache-control': 'public, max-age=3600', 'x-content-type-options': 'nosniff' };
  app.get('/docs', { config: { auth: false }, schema: { hide: true } }, async (_req, reply) =>
    reply.headers(headers).type('text/html; charset=utf-8').send(PAGE));
  app.get('/docs/init.js', { config: { auth: false }, schema: { hide: true } }, async (_req, reply) =>
    reply.headers(headers).type('application/javascript; charset=utf-8').send(INIT));
  app.get('/docs/:asset', { config: { auth: false }, schema: { hide: true } }, async (request, reply) => {
    const { asset } = request.params as { asset: string };
    const type = Object.prototype.hasOwnProperty.call(ASSETS, asset) ? ASSETS[asset] : undefined;
    if (!type) return reply.callNotFound();
    return reply.headers(headers).type(type).send(await readFile(join(dist, asset)));
  });
}
