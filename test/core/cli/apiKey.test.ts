import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NIP_A, NIP_B, startRest } from '../../plugins/rest/restHarness.js';
import { exitCodeFor } from '../../../core/cli/exitCodes.js';
import { runCli } from './fa3RunCli.js';

const exitOf = (args: string[], env: Record<string, string>) => runCli(args, env).then((r) => r.exitCode, exitCodeFor);

describe('ksef-gateway api-key', () => {
  it('creates a key shown once, lists it without its value, and revokes it; the REST API honours both', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-apikey-'));
    const h = await startRest({}, [], dir);
    try {
      const env = { KSEF_GATEWAY_DATA_DIR: dir, KSEF_GATEWAY_CONFIG: join(dir, 'gw.yaml') };
      const created = await runCli(['api-key', 'create', '--context', `${NIP_A},${NIP_B}`, '--scope', 'read', '--name', 'erp'], env);
      expect(created.exitCode).toBe(0);
      const key = created.stdout.trim();
      expect(key).toMatch(/^kgw_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
      const id = key.split('_')[1];
      expect(created.stderr).toContain(`API key ${id} (read, contexts ${[NIP_A, NIP_B].sort().join(', ')})`);
      const listed = await runCli(['api-key', 'list', '--json'], env);
      expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ id, name: 'erp', scope: 'read' })]);
      // The secret is everything after the id: base64url may hold '_' itself.
      expect(listed.stdout).not.toContain(key.split('_').slice(2).join('_'));
      expect((await h.call('/v1/invoices', { key })).status).toBe(200);
      const revoked = await runCli(['api-key', 'revoke', id], env);
      expect(revoked.stdout).toContain(`API key ${id} revoked`);
      expect((await h.call('/v1/invoices', { key })).status).toBe(401);
      expect(await exitOf(['api-key', 'revoke', 'ffffffffffffffff'], env)).toBe(1);
    } finally {
      await h.stop();
    }
  });

  it('refuses a config without a rest plugin and a context that is not a NIP (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-apikey-'));
    writeFileSync(join(dir, 'none.yaml'), 'admin: { enabled: false }\n');
    expect(await exitOf(['api-key', 'list'], { KSEF_GATEWAY_DATA_DIR: dir, KSEF_GATEWAY_CONFIG: join(dir, 'none.yaml') })).toBe(2);
    writeFileSync(join(dir, 'rest.yaml'), 'admin: { enabled: false }\nplugins: [{ use: rest, id: api }]\n');
    expect(await exitOf(['api-key', 'create', '--context', '12345'], { KSEF_GATEWAY_DATA_DIR: dir, KSEF_GATEWAY_CONFIG: join(dir, 'rest.yaml') })).toBe(2);
    expect(await exitOf(['api-key', 'list'], { KSEF_GATEWAY_DATA_DIR: dir, KSEF_GATEWAY_CONFIG: join(dir, 'rest.yaml') })).toBe(0);
  });
});
