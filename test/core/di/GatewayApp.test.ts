import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../../core/config/loadConfig.js';
import { DEMO_NIP, GatewayApp } from '../../../core/di/GatewayApp.js';
import { TOKENS } from '../../../core/di/tokens.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { invoiceXml } from '../../support/pipeline/invoiceXml.js';

async function until(check: () => boolean | Promise<boolean>, what: string, limitMs = 30_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('GatewayApp (composition root, embedded defaults)', () => {
  it('sends a dropped invoice to the in-process simulator and writes its KSeF number and UPO back to the inbox plugin', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-app-'));
    const logs: string[] = [];
    const env = { KSEF_GATEWAY_DATA_DIR: dir, KSEF_SCHEMAS_DIR: SCHEMAS_DIR, KSEF_GATEWAY_ADMIN_PORT: '0', KSEF_GATEWAY_MASTER_KEY: '' };
    const app = await GatewayApp.create({
      loaded: loadConfig({ cwd: dir, env }), env,
      logDestination: new Writable({ write(c, _e, cb) { logs.push(String(c)); cb(); } }),
    });
    try {
      await app.start();
      expect(app.adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(app.container.getAll(TOKENS.ErpAdapter)).toEqual([app.plugins.registry.adapter('inbox')]);
      const inbox = join(dir, 'plugins', 'inbox', 'inbox');
      writeFileSync(join(inbox, 'BAD-0.xml'), invoiceXml({ sellerNip: DEMO_NIP, number: `FV/${Date.now()}/0` }).replace(/<P_15>[^<]*<\/P_15>/, '<P_15>abc</P_15>'));
      writeFileSync(join(inbox, 'FV-1.xml'), invoiceXml({ sellerNip: DEMO_NIP, number: `FV/${Date.now()}/1` }));
      const outcome = join(dir, 'plugins', 'inbox', 'outcomes', 'FV-1.json');
      await until(() => existsSync(outcome), 'the outcome file');
      const body = JSON.parse(readFileSync(outcome, 'utf8'));
      expect(body).toMatchObject({ kind: 'accepted', erpId: 'FV-1' });
      expect(body.ksefNumber).toMatch(new RegExp(`^${DEMO_NIP}-\\d{8}-[0-9A-F]{12}-[0-9A-F]{2}$`));
      expect(readFileSync(join(dir, 'plugins', 'inbox', 'outcomes', 'FV-1.upo.xml'), 'utf8')).toContain(body.ksefNumber);
      expect(readdirSync(join(dir, 'plugins', 'inbox', 'processed'))).toEqual(['FV-1.xml']);
      const bad = JSON.parse(readFileSync(join(dir, 'plugins', 'inbox', 'outcomes', 'BAD-0.json'), 'utf8'));
      expect(bad).toMatchObject({ kind: 'invalid', erpId: 'BAD-0' });
      expect(bad.errors.length).toBeGreaterThan(0);
      expect(bad.errors[0].location).toContain('P_15');
      const health = await (await fetch(`${app.adminUrl}/healthz`)).json();
      expect(health.status).toBe('up');
      const metrics = await (await fetch(`${app.adminUrl}/metrics`)).text();
      expect(metrics).toMatch(new RegExp(`ksef_gateway_document_transitions_total\\{context="${DEMO_NIP}",state="accepted"\\} 1`));
    } finally {
      await app.stop();
      if (process.env.GW_TEST_LOG) writeFileSync(process.env.GW_TEST_LOG, logs.join(''));
    }
    const status = await GatewayApp.create({ loaded: loadConfig({ cwd: dir, env }), env, connect: false, logDestination: new Writable({ write(_c, _e, cb) { cb(); } }) });
    try {
      const { counts } = await status.queries.status();
      expect(counts).toEqual(expect.arrayContaining([{ contextNip: DEMO_NIP, state: 'delivered', count: 1 }]));
      expect(counts.filter((c) => c.state === 'invalid').map((c) => c.count)).toEqual([1]);
    } finally {
      await status.stop();
    }
    const text = logs.join('');
    expect(text).toContain('"msg":"gateway stopped"');
  });
});
