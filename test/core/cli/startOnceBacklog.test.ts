import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../../core/config/loadConfig.js';
import { DEMO_NIP, GatewayApp } from '../../../core/di/GatewayApp.js';
import { DocumentIntakeToken } from '../../../core/plugins/DocumentIntake.js';
import { UNFINISHED } from '../../../core/cli/commands/gateway/runPending.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { invoiceXml } from '../../support/pipeline/invoiceXml.js';
import { runCli } from '../../support/runCli.js';

describe('start --once with a backlog left by an earlier run', () => {
  it('finishes what this run took in, reports the older pending documents and does not wait for them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-once-backlog-'));
    const inbox = join(dir, 'in');
    mkdirSync(inbox);
    const config = join(dir, 'gw.yaml');
    writeFileSync(config, [
      'ksef: { simulator: { enabled: true, rateLimits: "off" } }',
      'admin: { enabled: false }',
      'scheduler: { batchMaxWaitMs: 0 }',
      `plugins: [{ use: folder-inbox, id: erp, options: { inbox: ${JSON.stringify(inbox)}, stableForMs: 0 }, pollIntervalMs: 100 }]`,
    ].join('\n'));
    const env = { KSEF_GATEWAY_DATA_DIR: dir, KSEF_SCHEMAS_DIR: SCHEMAS_DIR, KSEF_GATEWAY_CONFIG: config, KSEF_GATEWAY_LOG_LEVEL: 'silent' };

    // The backlog: two documents of an ERP instance that has since been removed from the config, so their outcomes
    // cannot be handed over in this run and they stay unfinished whatever the run does.
    const earlier = await GatewayApp.create({ loaded: loadConfig({ file: config, env }), env, connect: false, logDestination: new Writable({ write(_c, _e, cb) { cb(); } }) });
    try {
      const intake = earlier.container.get(DocumentIntakeToken);
      for (const n of [1, 2]) {
        const receipt = await intake.submit('old-erp', { erpId: `OLD-${n}`, payload: { format: 'fa3-xml', xml: invoiceXml({ sellerNip: DEMO_NIP, number: `FV/OLD/${n}/${Date.now()}` }) } });
        expect(receipt.state).toBe('queued');
      }
    } finally {
      await earlier.stop();
    }

    writeFileSync(join(inbox, 'FV-NEW.xml'), invoiceXml({ sellerNip: DEMO_NIP, number: `FV/NEW/${Date.now()}` }));
    const started = Date.now();
    const { err, code } = await runCli(['start', '--once', '--once-timeout', '30'], env);
    expect(err).toMatch(/--once: done, every document of this run is finished \(delivered or invalid\); 2 older document\(s\) pending too, not waited for/);
    expect(err).not.toMatch(/timed out/);
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000);

    const after = await GatewayApp.create({ loaded: loadConfig({ file: config, env }), env, connect: false, logDestination: new Writable({ write(_c, _e, cb) { cb(); } }) });
    try {
      expect((await after.store.getByErpId('erp', 'FV-NEW'))?.state).toBe('delivered');
      for (const erpId of ['OLD-1', 'OLD-2']) expect(UNFINISHED).toContain((await after.store.getByErpId('old-erp', erpId))?.state);
    } finally {
      await after.stop();
    }
  });
});
