import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../../core/config/loadConfig.js';
import { DEMO_NIP, GatewayApp } from '../../../core/di/GatewayApp.js';
import { IdocLayout } from '../../../plugins/sap/idoc/IdocLayout.js';
import type { Idoc } from '../../../plugins/sap/idoc/Idoc.js';
import { parseIdoc } from '../../../plugins/sap/idoc/parseIdoc.js';
import { writeIdocXml } from '../../../plugins/sap/idoc/writeIdoc.js';
import type { SapAdapter } from '../../../plugins/sap/SapAdapter.js';
import { STATUS_LAYOUT } from '../../../plugins/sap/status/statusLayouts.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { invoic02, type FixtureOptions } from '../../plugins/sap/invoic02Fixtures.js';
import { FakeSapSystem } from '../../plugins/sap/support/FakeSapSystem.js';

const sink = () => new Writable({ write(_c, _e, cb) { cb(); } });
const AUTH = { user: 'SAPKSEF', password: 'idoc-p4ss' };
const statusLayout = IdocLayout.fromTable(STATUS_LAYOUT);
const KSEF_NUMBER = new RegExp(`^${DEMO_NIP}-\\d{8}-[0-9A-F]{12}-[0-9A-F]{2}$`);

/** The gateway as `start` runs it: in-process KSeF simulator over HTTP on loopback, the sap plugin taking IDoc-XML. */
async function startGateway(dir: string): Promise<{ app: GatewayApp; url: string }> {
  const env = { ...process.env, KSEF_GATEWAY_DATA_DIR: dir, KSEF_SCHEMAS_DIR: SCHEMAS_DIR, KSEF_GATEWAY_CONFIG: '', SAP_IDOC_PASSWORD: AUTH.password, SAP_STATUS_PASSWORD: "s3cret" };
  const app = await GatewayApp.create({ loaded: loadConfig({ file: join(dir, 'gw.yaml'), env }), env, logDestination: sink() });
  await app.start();
  const sap = app.plugins.registry.all().find((p) => p.instanceId === 'sap-prd')?.instance as SapAdapter;
  return { app, url: sap.endpoint!.url };
}

const today = new Date().toISOString().slice(0, 10).replace(/-/g, '');
const content = (o: FixtureOptions) => invoic02({ sellerVat: `PL${DEMO_NIP}`, issueDate: today, ...o });
const idoc = (o: FixtureOptions) => writeIdocXml([content(o)]);

describe('SAP end to end: INVOIC02 over HTTP -> gateway -> KSeF simulator -> status IDocs back into SAP', () => {
  const sap = new FakeSapSystem();
  beforeAll(() => sap.start());
  afterAll(() => sap.stop());

  /** A data directory with the gateway's config: simulator, the sap plugin's endpoint, status and UPO back to `sap`. */
  function configured(taxCodes: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'gw-sap-e2e-'));
    writeFileSync(join(dir, 'gw.yaml'), [
      'ksef: { simulator: { enabled: true, rateLimits: "off" } }',
      'admin: { enabled: false }',
      'scheduler: { batchMaxWaitMs: 0 }',
      'plugins:',
      '  - use: sap',
      '    id: sap-prd',
      '    options:',
      `      http: { host: 127.0.0.1, port: 0, user: ${AUTH.user}, password: "\${SAP_IDOC_PASSWORD}" }`,
      `      statusBack: { url: "${sap.url}/sap/bc/idoc_xml?sap-client=100", user: KSEF_STATUS, password: "\${SAP_STATUS_PASSWORD}", upoUrl: "${sap.url}/sap/zksef_upo", retry: { initialDelayMs: 50, maxDelayMs: 500 } }`,
      `      mapping: { taxCodes: ${taxCodes} }`,
    ].join('\n'));
    return dir;
  }

  it('answers a billing document with status 41 and its KSeF number, a credit memo as KOR of it, a bad IDoc with located status 40 errors, and sends a re-sent billing document to KSeF once', async () => {
    const dir = configured('{ A1: "23", A2: "8" }');
    const stamp = String(Date.now() % 1e8).padStart(8, '0');
    const good = { docnum: `10000000${stamp}`, vbeln: `90${stamp}` };
    const unmapped = { docnum: `20000000${stamp}`, vbeln: `91${stamp}`, kind: 'export' as const }; // E0 is not in taxCodes
    const sameBilling = { docnum: `30000000${stamp}`, vbeln: good.vbeln }; // output repeated in SAP: new IDoc, same billing document

    let gw = await startGateway(dir);
    try {
      const first = await sap.sendIdoc(gw.url, writeIdocXml([content(good), content(unmapped)]), AUTH);
      expect(first.at(-1)).toMatchObject({ status: 200 });
      expect(first.at(-1)?.text).toContain(`IDoc ${good.docnum}: submitted`);
      expect(first.at(-1)?.text).toContain(`IDoc ${unmapped.docnum}: refused`);

      const accepted = await statusFor(sap, good.docnum, '41');
      const ksefNumber = accepted.segments[0].fields.STAPA1;
      expect(ksefNumber).toMatch(KSEF_NUMBER);
      expect(accepted.control).toMatchObject({ IDOCTYP: 'SYSTAT01', MESTYP: 'STATUS', RCVPRN: 'PS4CLNT100', ARCKEY: ksefNumber });
      expect(accepted.segments[0].fields).toMatchObject({ DOCNUM: good.docnum, STATUS: '41', REFMES: good.vbeln });
      expect(accepted.segments[0].fields.STAPA2).toMatch(/^\d{4}-\d\d-\d\dT/);

      const refused = await statusFor(sap, unmapped.docnum, '40');
      const texts = refused.segments.map((s) => s.fields.STATXT + [s.fields.STAPA1, s.fields.STAPA2, s.fields.STAPA3, s.fields.STAPA4].join(''));
      expect(texts.some((t) => /GW_SAP_MAP_TAX_CODE_UNMAPPED IDoc 2\d+, segment E1EDP04 \(SEGNUM \d{6}\), field MWSKZ/.test(t.replace('&1&2&3&4', '')))).toBe(true);

      const upo = await until(() => sap.received.find((r) => r.path === '/sap/zksef_upo' && r.headers['x-ksef-number'] === ksefNumber));
      expect(upo.headers['x-sap-docnum']).toBe(good.docnum);
      expect(upo.body).toContain(ksefNumber);

      // A credit memo for it: a KOR whose original the gateway finds in its own store by the billing document number.
      const credit = { docnum: `50000000${stamp}`, vbeln: `93${stamp}`, kind: 'credit-memo' as const, original: good.vbeln };
      await sap.sendIdoc(gw.url, idoc(credit), AUTH);
      const corrected = await statusFor(sap, credit.docnum, '41');
      expect(corrected.segments[0].fields.STAPA1).toMatch(KSEF_NUMBER);
      const kor = await gw.app.store.getByErpId('sap-prd', credit.vbeln);
      const korXml = (await gw.app.store.getXml(kor!.id))!.toString('utf8');
      expect(korXml).toContain('<RodzajFaktury>KOR</RodzajFaktury>');
      expect(korXml).toContain(`<NrKSeFFaKorygowanej>${ksefNumber}</NrKSeFFaKorygowanej>`);

      // SAP resends the same IDoc (BD87), and the output is repeated as a new IDoc of the same billing document.
      const resent = await sap.sendIdoc(gw.url, idoc(good), AUTH);
      expect(resent.at(-1)?.text).toContain(`IDoc ${good.docnum}: duplicate`);
      await sap.sendIdoc(gw.url, idoc(sameBilling), AUTH);
      const repeated = await statusFor(sap, sameBilling.docnum, '41');
      expect(repeated.segments[0].fields.STAPA1).toBe(ksefNumber);
    } finally {
      await gw.app.stop();
    }

    // After a restart, the same IDoc once more: KSeF still received the billing document once.
    gw = await startGateway(dir);
    try {
      const again = await sap.sendIdoc(gw.url, idoc(good), AUTH);
      expect(again.at(-1)?.text).toContain(`IDoc ${good.docnum}: duplicate`);
      // A new billing document after it: once its status is back, anything queued before it would have reached KSeF.
      const next = { docnum: `40000000${stamp}`, vbeln: `92${stamp}` };
      await sap.sendIdoc(gw.url, idoc(next), AUTH);
      await statusFor(sap, next.docnum, '41');
      expect(gw.app.simulator!.submissionCount(DEMO_NIP)).toBe(3); // the invoice, its credit memo, the next invoice
      expect(gw.app.simulator!.invoicesHeld(DEMO_NIP)).toBe(3);
    } finally {
      await gw.app.stop();
    }
    expect(statusesIn(sap).filter((s) => s.segments[0].fields.DOCNUM === good.docnum)).toHaveLength(1);
  });

  it('brings every billing situation the mapping knows to KSeF and back as status 41', async () => {
    const gw = await startGateway(configured('{ A1: "23", A2: "8", RC: oo, A8: "0 WDT", E0: "0 EX" }'));
    const stamp = String(Date.now() % 1e8).padStart(8, '0');
    const original = { docnum: `60000000${stamp}`, vbeln: `94${stamp}` };
    const others: FixtureOptions[] = (['credit-memo', 'debit-memo', 'advance', 'foreign-currency', 'reverse-charge', 'intra-eu', 'export'] as const)
      .map((kind, i) => ({ kind, docnum: `7${i}000000${stamp}`, vbeln: `95${i}${stamp}`.slice(0, 10), ...(kind.endsWith('memo') ? { original: original.vbeln } : {}) }));
    try {
      await sap.sendIdoc(gw.url, idoc(original), AUTH);
      await statusFor(sap, original.docnum, '41');
      await sap.sendIdoc(gw.url, writeIdocXml(others.map(content)), AUTH);
      const outcomes = await until(() => {
        const all = others.map((o) => statusesIn(sap).find((s) => s.segments[0]?.fields.DOCNUM === o.docnum));
        return all.every(Boolean) ? all as Idoc[] : undefined;
      });
      const summary = outcomes.map((s, i) => `${others[i].kind}: ${s.segments.map((x) => `${x.fields.STATUS} ${x.fields.STATXT}${x.fields.STAPA1 ?? ''}${x.fields.STAPA2 ?? ''}`).join(' | ')}`);
      expect(summary).toEqual(others.map((o) => expect.stringMatching(new RegExp(`^${o.kind}: 41 KSeF &1 acquired &2${DEMO_NIP}-`))));
      expect(gw.app.simulator!.submissionCount(DEMO_NIP)).toBe(others.length + 1);
    } finally {
      await gw.app.stop();
    }
  });
});

function statusesIn(sap: FakeSapSystem): Idoc[] {
  return sap.received.filter((r) => r.path.startsWith('/sap/bc/idoc_xml')).flatMap((r) => parseIdoc(r.body, statusLayout).idocs);
}

async function statusFor(sap: FakeSapSystem, docnum: string, status: '41' | '40'): Promise<Idoc> {
  return until(() => statusesIn(sap).find((s) => s.segments[0]?.fields.DOCNUM === docnum && s.segments[0].fields.STATUS === status));
}

async function until<T>(probe: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > end) throw new Error('timed out waiting for SAP to receive it');
    await new Promise((r) => setTimeout(r, 50));
  }
}
