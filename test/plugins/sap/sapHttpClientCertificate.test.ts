import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeIdocXml } from '../../../plugins/sap/idoc/writeIdoc.js';
import { SapAdapter, loadSapSetup } from '../../../plugins/sap/SapAdapter.js';
import { invoic02 } from './invoic02Fixtures.js';
import { MemoryGateway, sapTestContext } from './support/sapTestContext.js';

const dir = mkdtempSync(join(tmpdir(), 'gw-sap-tls-'));
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

/** A CA, the gateway's server certificate for 127.0.0.1, and two client certificates signed by the CA. */
function makeCertificates(): void {
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Test CA');
  writeFileSync(join(dir, 'san.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  for (const [name, cn, ext] of [['server', '127.0.0.1', ['-extfile', 'san.cnf']], ['sap', 'PRDCLNT100', []], ['other', 'OTHERSYS', []]] as const) {
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', ...ext);
  }
}

function post(url: string, body: string, client?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST', ca: readFileSync(join(dir, 'ca.pem')),
      ...(client ? { cert: readFileSync(join(dir, `${client}.pem`)), key: readFileSync(join(dir, `${client}.key`)) } : {}),
    }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode ?? 0)); });
    req.on('error', reject);
    req.end(body);
  });
}

describe('IDoc endpoint with client certificates (SM59 SSL client PSE)', () => {
  it('lets in only a certificate from the trusted CA whose CN is listed', async () => {
    makeCertificates();
    const gateway = new MemoryGateway();
    const ctx = sapTestContext({ http: {
      host: '127.0.0.1', port: 0, clientCertificates: ['PRDCLNT100'],
      tls: { cert: join(dir, 'server.pem'), key: join(dir, 'server.key'), ca: join(dir, 'ca.pem') },
    } }, gateway);
    const adapter = new SapAdapter(ctx, await loadSapSetup(ctx.config));
    await adapter.start();
    try {
      const url = adapter.endpoint?.url as string;
      expect(url.startsWith('https://127.0.0.1:')).toBe(true);
      const xml = writeIdocXml([invoic02({ docnum: '0000000000000991', vbeln: '0090000991' })]);
      expect(await post(url, xml)).toBe(403);
      expect(await post(url, xml, 'other')).toBe(403);
      expect(gateway.created).toBe(0);
      expect(await post(url, xml, 'sap')).toBe(200);
      expect(gateway.created).toBe(1);
    } finally {
      await adapter.stop();
    }
  });
});
