import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../../core/config/loadConfig.js';
import { DEMO_NIP, GatewayApp } from '../../../core/di/GatewayApp.js';
import { runDemo } from '../../../core/cli/commands/gateway/runDemo.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { invoiceXml } from '../../support/pipeline/invoiceXml.js';

const sink = () => new Writable({ write(_c, _e, cb) { cb(); } });

describe('demo (embedded defaults, --once)', () => {
  it('sends every generated document to the in-process simulator and prints their KSeF numbers and UPO files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-demo-'));
    const env = { ...process.env, KSEF_GATEWAY_DATA_DIR: dir, KSEF_GATEWAY_ADMIN_PORT: '0', KSEF_SCHEMAS_DIR: SCHEMAS_DIR, KSEF_GATEWAY_CONFIG: '' };
    const out: string[] = [];
    const app = await GatewayApp.create({ loaded: loadConfig({ embedded: true, env }), env, logDestination: sink() });
    const { end, failed } = await runDemo(app, { once: true }, new Writable({ write(c, _e, cb) { out.push(String(c)); cb(); } }));
    expect({ end, failed }).toEqual({ end: 'drained', failed: 0 });
    const text = out.join('');
    const rows = text.split('\n').filter((l) => l.startsWith('demo-'));
    expect(rows.map((r) => r.split(/\s{2,}/)[1])).toEqual(['VAT', 'VAT zw', 'VAT EUR', 'KOR', 'ZAL', 'UPR']);
    for (const row of rows) {
      const [erpId, , state, ksefNumber, upoFile] = row.split(/\s{2,}/);
      expect(state).toBe('delivered');
      expect(ksefNumber).toMatch(new RegExp(`^${DEMO_NIP}-\\d{8}-[0-9A-F]{12}-[0-9A-F]{2}$`));
      expect(upoFile).toMatch(new RegExp(`${erpId}\\.upo\\.xml$`));
      expect(readFileSync(join(dir, 'plugins', 'inbox', 'outcomes', `${erpId}.upo.xml`), 'utf8')).toContain(ksefNumber);
      // A simulator's invoice never carries a link that looks like a real KSeF verification.
      const outcome = JSON.parse(readFileSync(join(dir, 'plugins', 'inbox', 'outcomes', `${erpId}.json`), 'utf8')) as { verificationUrl: string };
      expect(outcome.verificationUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/qr\/invoice\//);
    }
    expect(readdirSync(join(dir, 'plugins', 'inbox', 'inbox'))).toEqual([]);
    expect(text).toContain(`context NIP ${DEMO_NIP}`);
  });
});

describe('ksef-gateway start (built CLI)', () => {
  const bin = join(process.cwd(), 'dist', 'bin', 'ksef-gateway.js');

  it('stops cleanly on SIGTERM with a document in flight, exits 0 and keeps the document in the store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-sigterm-'));
    const inbox = join(dir, 'in');
    writeFileSync(join(dir, 'gw.yaml'), [
      'ksef: { simulator: { enabled: true, rateLimits: "off" } }',
      'admin: { port: 0 }',
      'scheduler: { batchMaxWaitMs: 0 }',
      `plugins: [{ use: folder-inbox, id: erp, options: { inbox: ${JSON.stringify(inbox)} }, pollIntervalMs: 100 }]`,
    ].join('\n'));
    const child = spawn(process.execPath, [bin, 'start', '--config', join(dir, 'gw.yaml')], {
      env: { ...process.env, KSEF_GATEWAY_DATA_DIR: dir, KSEF_SCHEMAS_DIR: SCHEMAS_DIR, KSEF_GATEWAY_CONFIG: '' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (c) => { log += String(c); });
    child.stderr.on('data', (c) => { log += String(c); });
    const waitFor = async (what: RegExp) => {
      for (let i = 0; i < 600 && !what.test(log); i += 1) await new Promise((r) => setTimeout(r, 50));
      expect(log).toMatch(what);
    };
    await waitFor(/"msg":"gateway started"/);
    writeFileSync(join(inbox, 'FV-9.xml'), invoiceXml({ sellerNip: DEMO_NIP, number: `FV/SIG/${Date.now()}` }));
    await waitFor(/"erpId":"FV-9".*"msg":"poll round"|"polled":1/);
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(code).toBe(0);
    expect(log).toContain('"msg":"gateway stopped"');
    expect(log).not.toMatch(/"level":(50|60)/);
    const env = { KSEF_GATEWAY_DATA_DIR: dir, KSEF_GATEWAY_CONFIG: '' };
    const after = await GatewayApp.create({ loaded: loadConfig({ file: join(dir, 'gw.yaml'), env }), env, connect: false, logDestination: sink() });
    try {
      expect(await after.store.getByErpId('erp', 'FV-9')).toMatchObject({ erpId: 'FV-9', contextNip: DEMO_NIP });
    } finally {
      await after.stop();
    }
  });
});
