import { Writable } from 'node:stream';
import { z } from 'zod';
import { childLogger, createLogger } from '../../../core/logging/createLogger.js';
import { secretPaths } from '../../../core/config/secretPaths.js';
import { gatewayConfigSchema } from '../../../core/config/GatewayConfig.js';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[]; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({ write(chunk, _enc, cb) { chunks.push(String(chunk)); cb(); } });
  return { stream, text: () => chunks.join(''), lines: () => chunks.join('').trim().split('\n').map((l) => JSON.parse(l)) };
}

describe('createLogger', () => {
  it('redacts the secret fields of the gateway config wherever a config fragment is logged', () => {
    const out = capture();
    const log = createLogger({ secretPaths: secretPaths(gatewayConfigSchema), destination: out.stream });
    const config = { contexts: [{ nip: '5265877635', credential: { kind: 'token', token: 'SECRET-1' } }] };
    log.info({ config }, 'config loaded');
    log.info({ context: config.contexts[0] }, 'context');
    log.info({ token: 'SECRET-2', nested: { deeper: { authorization: 'Bearer SECRET-3' } } }, 'auth');
    expect(out.text()).not.toMatch(/SECRET-/);
    expect(out.lines()[0]).toMatchObject({ config: { contexts: [{ nip: '5265877635', credential: { token: '[redacted]' } }] } });
  });

  it('keeps the parent redactions in a plugin child that adds its own secret paths', () => {
    const out = capture();
    const root = createLogger({ destination: out.stream });
    const pluginSchema = z.object({ url: z.string(), erpPassword: z.string().meta({ secret: true }) });
    const child = childLogger(root, { plugin: 'acme', instance: 'a1' }, secretPaths(pluginSchema));
    const doc = childLogger(child, { docId: 'd-1' });
    doc.info({ token: 'SECRET-A', erpPassword: 'SECRET-B', options: { erpPassword: 'SECRET-C', url: 'http://erp' } }, 'doc');
    expect(out.text()).not.toMatch(/SECRET-/);
    expect(out.lines()[0]).toMatchObject({ plugin: 'acme', instance: 'a1', docId: 'd-1', options: { url: 'http://erp' } });
  });

  it('writes JSON lines with level, ISO time and a constant message', () => {
    const out = capture();
    createLogger({ level: 'debug', destination: out.stream }).debug({ count: 3 }, 'fetched documents');
    const [line] = out.lines();
    expect(line).toMatchObject({ level: 20, msg: 'fetched documents', count: 3, name: 'ksef-gateway' });
    expect(new Date(line.time as string).toISOString()).toBe(line.time);
  });
});
