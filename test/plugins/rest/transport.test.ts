import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { NIP_A, startRest } from './restHarness.js';

describe('REST API: transport', () => {
  it('serves HTTPS from certificate and key files, on 127.0.0.1 by default', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    const h = await startRest({ tls: { certFile: join(dir, 'cert.pem'), keyFile: join(dir, 'key.pem') } });
    try {
      expect(h.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const key = await h.key([NIP_A]);
      const dispatcher = new Agent({ connect: { ca: readFileSync(join(dir, 'cert.pem')) } });
      const res = await undiciFetch(`${h.url}/v1/contexts`, { headers: { authorization: `Bearer ${key}` }, dispatcher });
      expect(res.status).toBe(200);
      await expect(undiciFetch(`${h.url}/v1/contexts`, { headers: { authorization: `Bearer ${key}` } })).rejects.toThrow();
      await dispatcher.close();
    } finally {
      await h.stop();
    }
  });

  it('takes no new request once the gateway begins to stop', async () => {
    const h = await startRest();
    const key = await h.key([NIP_A]);
    expect((await h.call('/v1/invoices', { key })).status).toBe(200);
    await h.app.plugins.stopIntake();
    await expect(h.call('/v1/invoices', { key, headers: { connection: 'close' } }).then((r) => r.status)).rejects.toThrow();
    await h.stop();
  });
});

describe('REST API: trusted proxies', () => {
  const ipOf = (logs: string, reqId: string) => (JSON.parse(logs.split('\n').find((l) => l.includes(`"reqId":"${reqId}"`))!) as { ip: string }).ip;

  it('believes X-Forwarded-For only from a listed proxy', async () => {
    const trusting = await startRest({ trustProxy: ['127.0.0.1'] });
    const plain = await startRest();
    try {
      for (const h of [trusting, plain]) await h.call('/v1/contexts', { headers: { 'x-forwarded-for': '203.0.113.9', 'x-request-id': 'via-proxy' } });
      expect(ipOf(trusting.logs(), 'via-proxy')).toBe('203.0.113.9');
      expect(ipOf(plain.logs(), 'via-proxy')).toBe('127.0.0.1');
    } finally {
      await trusting.stop();
      await plain.stop();
    }
  });
});
