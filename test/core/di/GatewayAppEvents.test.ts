import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { loadConfig } from '../../../core/config/loadConfig.js';
import { DEMO_NIP, GatewayApp } from '../../../core/di/GatewayApp.js';
import type { GatewayEvent } from '../../../core/plugin-api/types.js';
import { invoiceXml } from '../../support/pipeline/invoiceXml.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';

const silent = new Writable({ write(c, _e, cb) { if (process.env.GW_TEST_LOG) appendFileSync(process.env.GW_TEST_LOG, String(c)); cb(); } });
const NOTIFIER = fileURLToPath(new URL('./fixtures/flakyNotifier.ts', import.meta.url));
const LISTENING_ERP = fileURLToPath(new URL('./fixtures/listeningAdapter.ts', import.meta.url));

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('GatewayApp events outbox', () => {
  it('keeps the alerts of a revoked token while the notifier is down, across a restart, and hands them over in order once it is back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-events-'));
    const log = join(dir, 'notified.jsonl');
    const downFlag = join(dir, 'pager-down');
    const erpLog = join(dir, 'erp-events.jsonl');
    const env = { KSEF_GATEWAY_DATA_DIR: dir, KSEF_SCHEMAS_DIR: SCHEMAS_DIR, KSEF_GATEWAY_MASTER_KEY: '' };
    writeFileSync(join(dir, 'ksef-gateway.yaml'), JSON.stringify({
      ksef: { simulator: { enabled: true, rateLimits: 'off' } },
      admin: { port: 0 },
      scheduler: { batchMaxWaitMs: 200 },
      plugins: [
        { use: 'folder-inbox', id: 'inbox', options: { stableForMs: 0 }, pollIntervalMs: 100 },
        { use: NOTIFIER, id: 'pager', options: { log, downFlag } },
        { use: LISTENING_ERP, id: 'erp', options: { log: erpLog } },
      ],
    }));
    const lines = (file: string): GatewayEvent[] => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l)) : []);
    const heard = () => lines(log);
    try {
      writeFileSync(downFlag, '');
      const first = await GatewayApp.create({ loaded: loadConfig({ cwd: dir, env }), env, logDestination: silent });
      try {
        await first.start();
        const info = await first.vault.info(DEMO_NIP, 'token');
        first.simulator!.revokeToken(info!.referenceNumber!);
        writeFileSync(join(dir, 'plugins', 'inbox', 'inbox', 'FV-1.xml'), invoiceXml({ sellerNip: DEMO_NIP, number: `FV/${Date.now()}/1` }));
        await until(async () => (await first.store.pausedContexts()).has(DEMO_NIP), 'the context to pause');
        // An ERP adapter with onEvent is not held up by the notifier that is down.
        await until(() => lines(erpLog).some((e) => e.type === 'context-paused'), 'the ERP to hear of the pause');
        // /healthz says so: the pager keeps failing, its events are kept.
        const pagerHealth = async () => ((await (await fetch(`${first.adminUrl}/healthz`)).json()) as { checks: Record<string, { status: string; detail?: string }> })
          .checks['events:notifier:pager'];
        await until(async () => (await pagerHealth())?.status === 'degraded', 'healthz to show the pager behind');
        expect((await pagerHealth())?.detail).toContain('pager unreachable');
      } finally {
        await first.stop();
      }
      // The pager was down the whole run: it heard nothing, and nothing was dropped.
      expect(heard()).toEqual([]);

      unlinkSync(downFlag);
      const second = await GatewayApp.create({ loaded: loadConfig({ cwd: dir, env }), env, logDestination: silent });
      try {
        // On the simulator a fresh token is created at start, so this run also resumes the context.
        await second.start();
        await until(() => heard().some((e) => e.type === 'context-resumed'), 'the resumed alert');
      } finally {
        await second.stop();
      }
      // The notification rules' own alert-raised/-resolved events depend on when their rounds ran: not this test's subject.
      const types = heard().map((e) => e.type).filter((t) => !t.startsWith('alert-'));
      expect(types).toEqual(['credential-invalid', 'context-paused', 'context-resumed']);
      expect(lines(erpLog).map((e) => e.type).filter((t) => !t.startsWith('alert-'))).toEqual(types);
      expect(heard().find((e) => e.type === 'context-paused')).toMatchObject({ contextNip: DEMO_NIP, message: expect.stringContaining('token add') });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
