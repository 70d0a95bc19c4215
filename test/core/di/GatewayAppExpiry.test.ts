import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../../core/config/loadConfig.js';
import { encodeCertificateCredential } from '../../../core/credentials/CertificateCredentialRecord.js';
import { GatewayApp } from '../../../core/di/GatewayApp.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { testCredential } from '../credentials/support/testCredentials.js';

describe('GatewayApp certificate expiry', () => {
  it('warns at start-up about a stored certificate that ends within 30 days, naming the renewal command and no secret', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-expiry-'));
    const logs: string[] = [];
    const env = { KSEF_GATEWAY_DATA_DIR: dir, KSEF_SCHEMAS_DIR: SCHEMAS_DIR, KSEF_GATEWAY_ADMIN_PORT: '0', KSEF_GATEWAY_MASTER_KEY: '' };
    const app = await GatewayApp.create({
      loaded: loadConfig({ cwd: dir, env }), env,
      logDestination: new Writable({ write(c, _e, cb) { logs.push(String(c)); cb(); } }),
    });
    const { material } = await testCredential('ec', '7762811692', 12);
    await app.vault.put({ contextNip: '7762811692', kind: 'certificate', secret: encodeCertificateCredential(material, { origin: 'ksef' }) });
    try {
      await app.start();
    } finally {
      await app.stop();
    }
    const warnings = logs.map((l) => JSON.parse(l)).filter((l) => l.msg === 'certificate expiring');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ context: '7762811692', level: 'warning' });
    expect(warnings[0].daysLeft).toBeLessThanOrEqual(12);
    expect(warnings[0].hint).toContain('ksef-gateway credentials renew --nip 7762811692');
    const keyB64 = Buffer.from(material.privateKeyPkcs8).toString('base64');
    expect(logs.join('')).not.toContain(keyB64.slice(20, 60));
  });
});
