import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runDoctor } from '../../../../../core/cli/commands/gateway/runDoctor.js';
import { loadConfig } from '../../../../../core/config/loadConfig.js';
import { GatewayApp } from '../../../../../core/di/GatewayApp.js';
import { SCHEMAS_DIR } from '../../../../support/sharedDir.js';

const silent = new Writable({ write(_c, _e, cb) { cb(); } });

describe('doctor and plugins that can reach their ERP', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'gw-doctor-plugins-')); });
  afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

  it('has each sap instance try its way to SAP without starting it: RFC without node-rfc fails naming SAPNWRFC_HOME, HTTP only is reported as configured', async () => {
    writeFileSync(join(dir, 'gw.yaml'), [
      'ksef: { simulator: { enabled: true, rateLimits: "off" } }',
      'admin: { enabled: false }',
      'plugins:',
      '  - use: sap',
      '    id: sap-http',
      '    options: { http: { host: 127.0.0.1, port: 8470, user: SAPKSEF, password: "${SAP_PW}" }, statusBack: { url: "https://sap.example.com/sap/bc/idoc_xml" } }',
      '  - use: sap',
      '    id: sap-rfc',
      '    options: { rfc: { connection: { ashost: sap.example.com, sysnr: "00", client: "100", user: KSEF_RFC }, password: "${SAP_PW}" } }',
    ].join('\n'));
    const env = { KSEF_GATEWAY_DATA_DIR: dir, KSEF_GATEWAY_MASTER_KEY: '', KSEF_GATEWAY_CONFIG: '', KSEF_SCHEMAS_DIR: SCHEMAS_DIR, SAP_PW: 'pw' };
    const app = await GatewayApp.create({ loaded: loadConfig({ file: join(dir, 'gw.yaml'), env }), env, logDestination: silent });
    try {
      const checks = await runDoctor(app, 'gw.yaml');
      expect(checks.find((c) => c.name === 'plugin sap-http')).toEqual({
        name: 'plugin sap-http', result: 'ok', detail: 'IDoc endpoint http://127.0.0.1:8470/sap/idoc; status back by https://sap.example.com/sap/bc/idoc_xml',
      });
      expect(checks.find((c) => c.name === 'plugin sap-rfc')).toMatchObject({ result: 'fail', kind: 'transient', detail: expect.stringMatching(/node-rfc cannot be loaded.*SAPNWRFC_HOME/s) });
    } finally {
      await app.stop();
    }
  });
});
