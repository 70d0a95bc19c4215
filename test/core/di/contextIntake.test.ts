import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../../core/config/loadConfig.js';
import { GatewayApp } from '../../../core/di/GatewayApp.js';
import { TOKENS } from '../../../core/di/tokens.js';


import { FA3_SAMPLES_DIR, SCHEMAS_DIR } from '../../support/sharedDir.js';
import { invoiceXml } from '../../support/pipeline/invoiceXml.js';

const CONFIGURED = '5265877635';
const OTHER = '9999999999';
const silent = new Writable({ write(_c, _e, cb) { cb(); } });

async function withApp(yaml: string, work: (app: GatewayApp) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gw-intake-'));
  writeFileSync(join(dir, 'gateway.yaml'), yaml);
  const env = { KSEF_GATEWAY_DATA_DIR: dir, KSEF_SCHEMAS_DIR: SCHEMAS_DIR, KSEF_GATEWAY_MASTER_KEY: '' };
  const app = await GatewayApp.create({ loaded: loadConfig({ cwd: dir, file: join(dir, 'gateway.yaml'), env }), env, connect: false, logDestination: silent });
  try {
    await work(app);
  } finally {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const xml = (nip: string, n: string) => invoiceXml({ sellerNip: nip, number: `INTAKE/${Date.now()}/${n}` });
/** The Ministry's sample 24 (an invoice with a Zalacznik) with its own seller and P_2. */
const withZalacznik = (nip: string, n: string) => readFileSync(join(FA3_SAMPLES_DIR, 'FA_3_Przyklad_24.xml'), 'utf8')
  .replace('<NIP>9999999999</NIP>', `<NIP>${nip}</NIP>`).replace(/<P_2>[^<]*<\/P_2>/, `<P_2>INTAKE/${Date.now()}/${n}</P_2>`);

describe('intake against the configured contexts', () => {
  it('refuses an invoice whose seller NIP is no configured context as invalid, naming the NIP, instead of queueing it forever', async () => {
    await withApp(`ksef:\n  baseUrl: http://127.0.0.1:9/v2\ncontexts:\n  - nip: "${CONFIGURED}"\n`, async (app) => {
      const intake = app.container.get(TOKENS.SubmissionService);
      const refused = await intake.submit('erp', { erpId: 'OTHER-1', payload: { format: 'fa3-xml', xml: xml(OTHER, '1') } });
      expect(refused.state).toBe('invalid');
      expect(refused.errors).toEqual([expect.objectContaining({ code: 'GW_PIPELINE_UNKNOWN_CONTEXT', location: 'Podmiot1/DaneIdentyfikacyjne/NIP' })]);
      expect(refused.errors[0].message).toContain(`No context is configured for seller NIP ${OTHER}`);
      const taken = await intake.submit('erp', { erpId: 'OWN-1', payload: { format: 'fa3-xml', xml: xml(CONFIGURED, '2') } });
      expect(taken.state).toBe('queued');
    });
  });

  it('takes invoices with a Zalacznik only for a context configured with attachments: true', async () => {
    await withApp(`ksef:\n  baseUrl: http://127.0.0.1:9/v2\ncontexts:\n  - nip: "${CONFIGURED}"\n    attachments: true\n  - nip: "${OTHER}"\n`, async (app) => {
      const intake = app.container.get(TOKENS.SubmissionService);
      const allowed = await intake.submit('erp', { erpId: 'ZAL-1', payload: { format: 'fa3-xml', xml: withZalacznik(CONFIGURED, '3') } });
      expect(allowed).toMatchObject({ state: 'queued', errors: [] });
      const refused = await intake.submit('erp', { erpId: 'ZAL-2', payload: { format: 'fa3-xml', xml: withZalacznik(OTHER, '4') } });
      expect(refused.errors[0]?.code).toBe('GW_PIPELINE_ATTACHMENTS_DISABLED');
    });
  });
});
