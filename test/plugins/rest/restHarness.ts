import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../../core/config/loadConfig.js';
import { DEMO_NIP, GatewayApp } from '../../../core/di/GatewayApp.js';
import type { ApiKeyScope } from '../../../plugins/rest/auth/ApiKeys.js';
import type { RestPlugin } from '../../../plugins/rest/RestPlugin.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';

export const NIP_A = DEMO_NIP;
export const NIP_B = '1111111111';

export interface RestHarness {
  readonly app: GatewayApp;
  readonly rest: RestPlugin;
  readonly url: string;
  readonly dir: string;
  readonly logs: () => string;
  key(contexts?: string[], scope?: ApiKeyScope): Promise<string>;
  call(path: string, init?: RequestInit & { key?: string; json?: unknown }): Promise<Response>;
  stop(): Promise<void>;
}

/**
 * A whole gateway on loopback: the in-process KSeF simulator, the real store in a temp folder, and the REST plugin on
 * an ephemeral port; requests go over real HTTP.
 */
export async function startRest(options: Record<string, unknown> = {}, more: string[] = [], dir = mkdtempSync(join(tmpdir(), 'gw-rest-'))): Promise<RestHarness> {
  const lines: string[] = [];
  writeFileSync(join(dir, 'gw.yaml'), [
    'ksef: { simulator: { enabled: true, rateLimits: "off" } }',
    'admin: { enabled: false }',
    'scheduler: { batchMaxWaitMs: 0, tickMs: 50 }',
    // `more` may give its own contexts (with validation settings, say).
    ...(more.some((l) => l.startsWith('contexts:')) ? [] : [`contexts: [{ nip: "${NIP_A}" }, { nip: "${NIP_B}" }]`]),
    `plugins: [{ use: rest, id: api, options: ${JSON.stringify({ port: 0, ...options, webhooks: { pollMs: 50, firstRetryMs: 100, ...(options.webhooks as object) } })} }]`,
    ...more,
  ].join('\n'));
  const env = { ...process.env, KSEF_GATEWAY_DATA_DIR: dir, KSEF_SCHEMAS_DIR: SCHEMAS_DIR, KSEF_GATEWAY_CONFIG: '' };
  const app = await GatewayApp.create({ loaded: loadConfig({ file: join(dir, 'gw.yaml'), env }), env,
    logDestination: new Writable({ write(c, _e, cb) { lines.push(String(c)); cb(); } }) });
  await app.start();
  const rest = app.plugins.registry.adapter('api') as RestPlugin;
  const url = rest.url!;
  return {
    app, rest, url, dir, logs: () => lines.join(''),
    key: async (contexts = [NIP_A], scope = 'write') => (await rest.keys.create({ name: 'test', contexts, scope })).key,
    call: (path, init = {}) => {
      const { key, json, ...rest2 } = init;
      const headers = new Headers(rest2.headers);
      if (key) headers.set('authorization', `Bearer ${key}`);
      if (json !== undefined) headers.set('content-type', 'application/json');
      return fetch(`${url}${path}`, { ...rest2, headers, body: json !== undefined ? JSON.stringify(json) : rest2.body });
    },
    stop: () => app.stop(),
  };
}

/** Polls until `check` returns a value (not undefined), or fails after `ms`. */
export async function eventually<T>(check: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
