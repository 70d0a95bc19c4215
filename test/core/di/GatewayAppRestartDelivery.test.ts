import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { SqliteSubmissionStore } from '../../../adapters/sqlite-store/SqliteSubmissionStore.js';
import { loadConfig } from '../../../core/config/loadConfig.js';
import { DEMO_NIP, GatewayApp } from '../../../core/di/GatewayApp.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';


const silent = new Writable({ write(_c, _e, cb) { cb(); } });

describe('GatewayApp restart with an outcome awaiting delivery', () => {
  it('loads the plugins before the first delivery pass, so a restart spends no delivery attempt', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-restart-'));
    const env = { KSEF_GATEWAY_DATA_DIR: dir, KSEF_SCHEMAS_DIR: SCHEMAS_DIR, KSEF_GATEWAY_ADMIN_PORT: '0', KSEF_GATEWAY_MASTER_KEY: '' };
    try {
      // What a previous run left: KSeF's verdict on a document of the folder inbox ('inbox'), not yet delivered.
      const store = new SqliteSubmissionStore(join(dir, 'gateway.sqlite'));
      await store.admit({ id: 'doc-1', source: 'inbox', erpId: 'FV-LEFT', urgent: false, now: Date.now(), onKeyHeld: () => [],
        verdict: { queued: { now: Date.now(), contextNip: DEMO_NIP, xml: Buffer.from('<x/>'), invoiceHash: 'h', invoiceSize: 4,
          key: { sellerNip: DEMO_NIP, invoiceKind: 'VAT', invoiceNumber: 'FV/LEFT' } } } });
      const [claimed] = await store.claimQueued({ contextNip: DEMO_NIP, limit: 1, owner: 'before', leaseMs: 1, now: Date.now() });
      await store.assignToSession([claimed.id], 'S-BEFORE', 'before', Date.now());
      await store.transition('doc-1', 'rejected', { now: Date.now(), errors: [{ code: '450', message: 'semantic error' }] }, 'sending');
      await store.releaseClaims('before');
      await store.close();

      const app = await GatewayApp.create({ loaded: loadConfig({ cwd: dir, env }), env, logDestination: silent });
      try {
        await app.start();
        const outcome = join(dir, 'plugins', 'inbox', 'outcomes', 'FV-LEFT.json');
        const end = Date.now() + 20_000;
        while (!existsSync(outcome) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
        expect(JSON.parse(readFileSync(outcome, 'utf8'))).toMatchObject({ kind: 'rejected', erpId: 'FV-LEFT' });
      } finally {
        await app.stop();
      }
      const after = new SqliteSubmissionStore(join(dir, 'gateway.sqlite'));
      expect(await after.get('doc-1')).toMatchObject({ state: 'delivered', deliveryAttempts: 0 });
      await after.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
