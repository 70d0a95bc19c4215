import { appendFileSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { startSimulator, type RunningSimulator } from '../../../adapters/ksef-simulator/startSimulator.js';
import { SqlitePluginRecords } from '../../../adapters/sqlite-store/SqlitePluginRecords.js';
import { loadConfig } from '../../../core/config/loadConfig.js';
import { GatewayApp } from '../../../core/di/GatewayApp.js';
import { KsefClient } from '../../../core/ksef/KsefClient.js';
import { KsefTokenAuth } from '../../../core/ksef/auth/KsefTokenAuth.js';
import type { InboundInvoice } from '../../../core/plugin-api/index.js';
import { toInbound } from '../../../core/purchases/PurchaseDelivery.js';
import type { CsvInbox } from '../../../plugins/csv/CsvInbox.js';
import { PurchaseRegister, REGISTER_COLUMNS, REGISTER_RECORDS } from '../../../plugins/csv/purchases/PurchaseRegister.js';
import { SAMPLE_SELLER_NIP } from '../../e2e/ksef/support/samples.js';
import { issueInvoices } from '../../e2e/purchases/support/issueInvoices.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { eventually } from '../rest/restHarness.js';

const BUYER = '1111111111';
const rows = (path: string): string[][] => parse(readFileSync(path, 'utf8'), { delimiter: ';' });

describe('csv plugin: purchase register', () => {
  let sim: RunningSimulator;
  let app: GatewayApp;
  const dir = mkdtempSync(join(tmpdir(), 'gw-csv-pur-'));
  const register = join(dir, 'erp', 'out', 'purchases.csv');

  beforeAll(async () => {
    sim = await startSimulator({ rateLimits: 'off', processingDelayMs: 20, hwmLagMs: 0 });
    const env: NodeJS.ProcessEnv = {
      ...process.env, KSEF_GATEWAY_DATA_DIR: join(dir, 'var'), KSEF_SCHEMAS_DIR: SCHEMAS_DIR, KSEF_GATEWAY_CONFIG: '', KSEF_GATEWAY_MASTER_KEY: '',
      BUYER_TOKEN: sim.createToken({ nip: BUYER, permissions: ['InvoiceRead'] }).token,
    };
    writeFileSync(join(dir, 'gw.yaml'), [
      `ksef: { baseUrl: "${sim.baseUrl}" }`,
      `contexts: [{ nip: "${BUYER}", credential: { kind: token, token: "\${BUYER_TOKEN}" } }]`,
      'admin: { enabled: false }',
      `purchases: { enabled: true, since: "${new Date(Date.now() - 3600_000).toISOString()}" }`,
      `plugins: [{ use: csv, id: erp, options: { inbox: "${join(dir, 'erp', 'in')}" } }]`,
    ].join('\n'));
    app = await GatewayApp.create({ loaded: loadConfig({ file: join(dir, 'gw.yaml'), env }), env, logDestination: new Writable({ write(_c, _e, cb) { cb(); } }) });
    await app.start();
  }, 60_000);
  afterAll(async () => {
    await app.stop();
    await sim.close();
  });

  it('appends one row per received invoice with its amounts, and a redelivery adds none', async () => {
    const seller = new KsefClient({ baseUrl: sim.baseUrl, contextNip: SAMPLE_SELLER_NIP, authPollIntervalMs: 20,
      auth: new KsefTokenAuth(sim.createToken({ nip: SAMPLE_SELLER_NIP, permissions: ['InvoiceWrite'] }).token) });
    const sent = await issueInvoices(seller, 3, 'CSV');
    await seller.close();
    await app.purchases.syncNow({ contexts: [BUYER] });
    await eventually(async () => ((await app.purchaseStore.pendingDeliveries()).erp ? undefined : true));

    const [header, ...body] = rows(register);
    expect(header).toEqual([...REGISTER_COLUMNS]);
    expect(body.map((r) => r[0]).sort()).toEqual([...sent.keys()].sort());
    for (const r of body) {
      const held = (await app.purchaseStore.getInvoice(r[0], BUYER))!;
      const m = held.metadata as { seller: { name?: string }; netAmount: number; vatAmount: number; grossAmount: number; currency: string };
      expect(r).toEqual([held.ksefNumber, BUYER, SAMPLE_SELLER_NIP, m.seller.name ?? '', held.invoiceNumber, held.issueDate,
        m.netAmount.toFixed(2), m.vatAmount.toFixed(2), m.grossAmount.toFixed(2), m.currency]);
      expect(Number(r[8])).toBeGreaterThan(0);
    }

    const plugin = app.plugins.registry.adapter('erp') as CsvInbox;
    await plugin.receive(toInbound((await app.purchaseStore.getInvoice(body[0][0], BUYER))!));
    expect(rows(register)).toHaveLength(4);
  }, 120_000);
});

describe('PurchaseRegister', () => {
  const invoice = (ksefNumber: string, over: Partial<InboundInvoice> = {}, name = 'Sprzedawca sp. z o.o.'): InboundInvoice => ({
    ksefNumber, contextNip: BUYER, subjectRole: 'buyer', invoiceNumber: 'FV/1', sellerNip: SAMPLE_SELLER_NIP, issueDate: '2026-12-01',
    acquisitionDate: '2026-12-01T10:00:00Z', permanentStorageDate: '2026-12-01T10:00:01Z', invoiceHash: 'h', xml: '<Faktura/>',
    metadata: { seller: { nip: SAMPLE_SELLER_NIP, name }, netAmount: 100, vatAmount: 23, grossAmount: 123, currency: 'PLN' }, ...over,
  });

  it('cuts a row torn by a crash, writes the invoice again whole, and still knows the rows written before', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gw-reg-')), 'purchases.csv');
    await new PurchaseRegister(path, ';').append(invoice('K-1'));
    appendFileSync(path, 'K-2;1111111111;99999999'); // the crash came in the middle of K-2's row
    const afterRestart = new PurchaseRegister(path, ';');
    await afterRestart.append(invoice('K-1'));
    await afterRestart.append(invoice('K-2'));
    expect(rows(path).map((r) => [r[0], r[9]])).toEqual([['ksef_number', 'currency'], ['K-1', 'PLN'], ['K-2', 'PLN']]);
    expect(readFileSync(path, 'utf8').endsWith('\r\n')).toBe(true);
  });

  it('defuses a seller name a spreadsheet would run as a formula and keeps each row on one line', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gw-reg-')), 'purchases.csv');
    const register = new PurchaseRegister(path, ';');
    await register.append(invoice('K-1', { invoiceNumber: '@SUM(1)' }, '=HYPERLINK("http://x";"y")'));
    await register.append(invoice('K-2', {}, 'Firma;\r\nDruga linia'));
    const [, first, second] = rows(path);
    expect([first[3], first[4]]).toEqual(["'=HYPERLINK(\"http://x\";\"y\")", "'@SUM(1)"]);
    expect(second[3]).toBe('Firma; Druga linia');
    expect(readFileSync(path, 'utf8').split('\r\n')).toHaveLength(4);
  });

  it('two instances on one register file: a row the other wrote after this one read the file is not written again', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gw-reg-')), 'purchases.csv');
    const a = new PurchaseRegister(path, ';');
    const b = new PurchaseRegister(path, ';');
    await b.append(invoice('K-1'));
    await a.append(invoice('K-2'));
    // K-2's delivery lease ran out while A was acknowledging it: B gets it again.
    await b.append(invoice('K-2'));
    await a.append(invoice('K-1'));
    await b.append(invoice('K-3'));
    expect(rows(path).map((r) => r[0])).toEqual(['ksef_number', 'K-1', 'K-2', 'K-3']);
  });

  it('instances with registers of their own and one gateway store: an invoice any of them wrote is not written again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-reg-'));
    // Two handles on one store file, as two gateway processes have (on PostgreSQL: one schema).
    const [first, second] = [new SqlitePluginRecords(join(dir, 'store.sqlite')), new SqlitePluginRecords(join(dir, 'store.sqlite'))];
    try {
      const a = new PurchaseRegister(join(dir, 'a', 'purchases.csv'), ';', first.scoped('erp'));
      const b = new PurchaseRegister(join(dir, 'b', 'purchases.csv'), ';', second.scoped('erp'));
      await a.append(invoice('K-1'));
      await b.append(invoice('K-1'));
      await b.append(invoice('K-2'));
      await a.append(invoice('K-2'));
      expect(rows(join(dir, 'a', 'purchases.csv')).map((r) => r[0])).toEqual(['ksef_number', 'K-1']);
      expect(rows(join(dir, 'b', 'purchases.csv')).map((r) => r[0])).toEqual(['ksef_number', 'K-2']);
      expect((await first.scoped('erp').list(REGISTER_RECORDS)).map((r) => r.key)).toEqual([`${BUYER} K-1`, `${BUYER} K-2`]);
      // The register the ERP moved away starts again with new invoices only.
      renameSync(join(dir, 'a', 'purchases.csv'), join(dir, 'a', 'imported.csv'));
      await new PurchaseRegister(join(dir, 'a', 'purchases.csv'), ';', first.scoped('erp')).append(invoice('K-1'));
      await a.append(invoice('K-3'));
      expect(rows(join(dir, 'a', 'purchases.csv')).map((r) => r[0])).toEqual(['ksef_number', 'K-3']);
    } finally {
      await first.close();
      await second.close();
    }
  });
});
