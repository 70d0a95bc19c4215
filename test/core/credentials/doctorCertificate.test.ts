import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runDoctor } from '../../../core/cli/commands/gateway/runDoctor.js';
import { loadConfig } from '../../../core/config/loadConfig.js';
import { encodeCertificateCredential } from '../../../core/credentials/CertificateCredentialRecord.js';
import { GatewayApp } from '../../../core/di/GatewayApp.js';
import { testCredential } from './support/testCredentials.js';

const NIP = '5265877635';

describe('a context configured for certificate authentication', () => {
  it('is checked and authenticated by doctor through the composition root with the stored certificate, the vault left as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-cert-'));
    writeFileSync(join(dir, 'ksef-gateway.yaml'), [
      'ksef:', '  simulator: { enabled: true, rateLimits: "off" }', 'admin: { enabled: false }',
      'contexts:', `  - nip: "${NIP}"`, '    credential: { kind: certificate }', '',
    ].join('\n'));
    const env = { KSEF_GATEWAY_DATA_DIR: dir, KSEF_GATEWAY_MASTER_KEY: '' };
    const app = await GatewayApp.create({ loaded: loadConfig({ cwd: dir, env }), env, logDestination: new Writable({ write(_c, _e, cb) { cb(); } }) });
    try {
      const { material } = await testCredential('ec', NIP);
      await app.vault.put({ contextNip: NIP, kind: 'certificate', secret: encodeCertificateCredential(material, { origin: 'self-signed' }) });
      const before = await app.vault.list();
      const checks = await runDoctor(app, 'test');
      expect(checks.find((c) => c.name === `context ${NIP} credential`)).toMatchObject({ result: 'ok', detail: expect.stringContaining('certificate') });
      expect(checks.find((c) => c.name === `context ${NIP} authentication`)).toMatchObject({ result: 'ok', detail: 'KSeF accepted the certificate' });
      // doctor only reads: the authentication is not recorded, and no token is created beside the certificate.
      expect(await app.vault.list()).toEqual(before);
    } finally {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
