import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../../core/config/loadConfig.js';
import { openCredentialVault } from '../../../core/di/compositionRoot.js';
import { DEMO_NIP, GatewayApp } from '../../../core/di/GatewayApp.js';
import { SecretValue } from '../../../core/vault/SecretValue.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';

const line = (status: string, v: 0 | 1) => `ksef_gateway_credential_status{context="${DEMO_NIP}",status="${status}"} ${v}`;

describe('the credential metric', () => {
  it('changes at the next scrape when another process revokes or replaces the credential, without the pipeline using it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-credential-metric-'));
    const env = { KSEF_GATEWAY_DATA_DIR: dir, KSEF_SCHEMAS_DIR: SCHEMAS_DIR, KSEF_GATEWAY_ADMIN_PORT: '0', KSEF_GATEWAY_CONFIG: '' };
    const loaded = loadConfig({ embedded: true, env });
    const app = await GatewayApp.create({ loaded, env, logDestination: new Writable({ write(_c, _e, cb) { cb(); } }) });
    const metrics = async () => (await fetch(`${app.adminUrl}/metrics`)).text();
    try {
      await app.start();
      expect(await metrics()).toContain(line('active', 1));
      // `token revoke` / `token add` in another process: a vault of its own on the same store.
      const other = await openCredentialVault(loaded.config, env);
      try {
        await other.markStatus(DEMO_NIP, 'token', 'revoked', 'revoked by the operator');
        const revoked = await metrics();
        expect(revoked).toContain(line('revoked', 1));
        expect(revoked).toContain(line('active', 0));
        await other.put({ contextNip: DEMO_NIP, kind: 'token', secret: new SecretValue('replacement-token-value') });
        expect(await metrics()).toContain(line('active', 1));
      } finally {
        await other.close();
      }
    } finally {
      await app.stop();
    }
  });
});
