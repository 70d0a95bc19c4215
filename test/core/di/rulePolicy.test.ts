import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { GatewayConfig } from '../../../core/config/GatewayConfig.js';
import { loadConfig } from '../../../core/config/loadConfig.js';
import { GatewayApp } from '../../../core/di/GatewayApp.js';
import { rulesEnvironmentOf } from '../../../core/di/rulePolicyFor.js';
import { TOKENS } from '../../../core/di/tokens.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { invoiceXml } from '../../support/pipeline/invoiceXml.js';

const LENIENT = '5265877635';
const STRICT = '9999999999';
const silent = new Writable({ write(_c, _e, cb) { cb(); } });

async function withApp(yaml: string, work: (app: GatewayApp) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gw-policy-'));
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

let seq = 0;
const xml = (seller: string) => invoiceXml({ sellerNip: seller, number: `POLICY/${Date.now()}/${++seq}` });
/** The buyer's NIP with a wrong check digit (1111111111 is valid). */
const wrongBuyerNip = (x: string) => x.replace('<NIP>1111111111</NIP>', '<NIP>1111111112</NIP>');
/** P_15 that is not the sum of the buckets (2051 in the sample). */
const wrongTotal = (x: string) => x.replace('<P_15>2051</P_15>', '<P_15>2100</P_15>');
const contexts = `contexts:\n  - nip: "${LENIENT}"\n    validation:\n      warn: [FA3_TOTAL_MISMATCH]\n  - nip: "${STRICT}"\n`;

describe('rule policy at intake', () => {
  it('against TEST takes an invoice with a wrong NIP check digit, with a warning that says why it does not block', async () => {
    await withApp(`ksef:\n  environment: test\n  baseUrl: http://127.0.0.1:9/v2\n${contexts}`, async (app) => {
      const r = await app.container.get(TOKENS.SubmissionService).submit('erp', { erpId: 'NIP-T', payload: { format: 'fa3-xml', xml: wrongBuyerNip(xml(STRICT)) } });
      expect(r).toMatchObject({ state: 'queued', errors: [] });
      expect(r.warnings).toEqual([expect.objectContaining({ code: 'FA3_NIP_CHECKSUM', location: 'Podmiot2/DaneIdentyfikacyjne/NIP',
        message: expect.stringContaining('a warning against KSeF TEST') })]);
    });
  });

  it('against production refuses the same invoice: KSeF checks NIP check digits there', async () => {
    await withApp(`ksef:\n  environment: production\n  baseUrl: http://127.0.0.1:9/v2\n${contexts}`, async (app) => {
      const r = await app.container.get(TOKENS.SubmissionService).submit('erp', { erpId: 'NIP-P', payload: { format: 'fa3-xml', xml: wrongBuyerNip(xml(LENIENT)) } });
      expect(r.state).toBe('invalid');
      expect(r.errors).toEqual([expect.objectContaining({ code: 'FA3_NIP_CHECKSUM', location: 'Podmiot2/DaneIdentyfikacyjne/NIP' })]);
    });
  });

  it('turns a VAT-consistency rule into a warning only for the context whose validation.warn names it', async () => {
    await withApp(`ksef:\n  environment: production\n  baseUrl: http://127.0.0.1:9/v2\n${contexts}`, async (app) => {
      const intake = app.container.get(TOKENS.SubmissionService);
      const lenient = await intake.submit('erp', { erpId: 'SUM-L', payload: { format: 'fa3-xml', xml: wrongTotal(xml(LENIENT)) } });
      expect(lenient).toMatchObject({ state: 'queued', errors: [] });
      expect(lenient.warnings).toEqual([expect.objectContaining({ code: 'FA3_TOTAL_MISMATCH', location: 'Fa/P_15',
        message: expect.stringContaining(`validation.warn of context ${LENIENT}`) })]);
      const strict = await intake.submit('erp', { erpId: 'SUM-S', payload: { format: 'fa3-xml', xml: wrongTotal(xml(STRICT)) } });
      expect(strict.state).toBe('invalid');
      expect(strict.errors).toEqual([expect.objectContaining({ code: 'FA3_TOTAL_MISMATCH' })]);
      // The stored warnings come back with the receipt of a resubmission too.
      expect((await intake.submit('erp', { erpId: 'SUM-L', payload: { format: 'fa3-xml', xml: wrongTotal(xml(LENIENT)) } })).warnings)
        .toEqual(lenient.warnings);
    });
  });

  it('judges NIPs by the environment KSeF really is: the simulator as TEST, a real host by its name', () => {
    const config = (ksef: Record<string, unknown>) => ({ ksef: { environment: 'test', simulator: { enabled: false }, ...ksef } }) as unknown as GatewayConfig;
    expect(rulesEnvironmentOf(config({ environment: 'production', simulator: { enabled: true } }))).toBe('test');
    expect(rulesEnvironmentOf(config({ environment: 'test', baseUrl: 'https://api.ksef.mf.gov.pl/v2/' }))).toBe('production');
    expect(rulesEnvironmentOf(config({ environment: 'demo', baseUrl: 'http://proxy.local/v2' }))).toBe('demo');
    expect(rulesEnvironmentOf(config({ environment: 'production' }))).toBe('production');
  });
});
