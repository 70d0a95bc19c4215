import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminServer } from '../../../core/admin/AdminServer.js';
import { PromMetrics } from '../../../core/admin/PromMetrics.js';
import { GatewayError } from '../../../core/errors/GatewayError.js';
import { startConsoleHarness } from '../../support/console/consoleHarness.js';
import { testTlsCa } from '../../support/testTlsCa.js';

/** One GET over HTTPS trusting only `ca`. */
function get(url: string, ca: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    }).on('error', reject).end();
  });
}

describe('the admin port over HTTPS (admin.tls)', () => {
  it('serves health and the console over TLS, and the console\'s cookies are Secure there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'admin-tls-'));
    const { caPem, key, cert } = await testTlsCa();
    const tls = { certFile: join(dir, 'cert.pem'), keyFile: join(dir, 'key.pem') };
    writeFileSync(tls.certFile, cert);
    writeFileSync(tls.keyFile, key);
    const h = await startConsoleHarness({}, { tls });
    try {
      expect(h.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect((await get(`${h.url}/healthz`, caPem)).status).toBe(200);
      const login = await get(`${h.url}/console/login`, caPem);
      expect(login.status).toBe(200);
      expect(String(login.headers['set-cookie'])).toMatch(/ksefgw_login=[^;]+;.*Secure/);
    } finally {
      await h.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the file it cannot read', async () => {
    const server = new AdminServer({ host: '127.0.0.1', port: 0, registry: new PromMetrics({ processMetrics: false }).registry,
      health: async () => ({ status: 'up', checks: {} }), tls: { certFile: '/nonexistent/cert.pem', keyFile: '/nonexistent/key.pem' } });
    const err = await server.listen().catch((e: unknown) => e);
    expect(GatewayError.is(err, 'GW_ADMIN_TLS') && err.message).toBe('admin.tls.certFile: /nonexistent/cert.pem cannot be read (ENOENT)');
  });
});
