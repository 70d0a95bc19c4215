import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { SqliteSubmissionStore } from '../../../adapters/sqlite-store/SqliteSubmissionStore.js';
import type { ErpAdapter, ErpDocument, PluginContext } from '../../../core/plugin-api/index.js';
import { buildDraft } from '../../../core/fa3/draft/buildDraft.js';
import { Fa3XsdValidator } from '../../../core/fa3/validation/Fa3XsdValidator.js';
import { validateFa3 } from '../../../core/fa3/validation/validateFa3.js';
import { Fa3DocumentPreparer } from '../../../core/pipeline/Fa3DocumentPreparer.js';
import { noopMetrics } from '../../../core/pipeline/ports/PipelineMetrics.js';
import { SubmissionService } from '../../../core/pipeline/SubmissionService.js';
import template from '../../../plugins/template/index.js';
import { removeDir } from '../../support/pipeline/harness.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { startFakeErp, type FakeErp } from './fakeErp.js';

const today = new Date().toISOString().slice(0, 10);
/** The example ERP's own invoice JSON, as `GET /invoices` lists it (plugins/template/README.md). */
const erpInvoice = (number: string, vat: string) => ({
  number, date: today, currency: 'PLN',
  seller: { nip: '9999999999', name: 'Hurtownia Północ Sp. z o.o.', street: 'ul. Portowa 7', city: '81-001 Gdynia' },
  customer: { nip: '7352765225', name: 'Sklep Łódź S.A.', street: 'ul. Piotrkowska 100', city: '90-001 Łódź' },
  items: [
    { text: 'Woda mineralna', qty: '120', unit: 'szt.', netPrice: '1.20', vat: '23' },
    { text: 'Chleb żytni', qty: '40', unit: 'szt.', netPrice: '4.50', vat },
  ],
  dueDate: today, bankAccount: '61109010140000071219812874',
});

describe('template plugin: the ERP invoice JSON through a draft', () => {
  let erp: FakeErp;
  let dir: string;
  let store: SqliteSubmissionStore;
  let xsd: Fa3XsdValidator;
  beforeAll(async () => { xsd = await Fa3XsdValidator.load(SCHEMAS_DIR); });
  afterAll(() => xsd.dispose());
  afterEach(async () => {
    await erp.close();
    await store.close();
    removeDir(dir);
  });

  it('hands over a draft the gateway completes, and reports a refused one to the ERP with each error located in the ERP invoice', async () => {
    erp = await startFakeErp('k-1');
    dir = mkdtempSync(join(tmpdir(), 'template-draft-'));
    store = new SqliteSubmissionStore(join(dir, 'gateway.db'));
    // The gateway's own intake as the composition root builds it (draft completion, FA(3) build, XSD and rules, the
    // durable store): no fake here.
    const preparer = new Fa3DocumentPreparer({ buildDraft: (draft) => buildDraft(draft), validate: (xml) => validateFa3(xml, { xsd }) });
    const service = new SubmissionService(store, preparer, noopMetrics);
    const stamp = Date.now().toString(36);
    erp.invoices.set('E-1', { id: 'E-1', invoice: erpInvoice(`FV/${stamp}/1`, '5'), status: 'new' });
    erp.invoices.set('E-2', { id: 'E-2', invoice: erpInvoice(`FV/${stamp}/2`, '5%'), status: 'new' });
    const config = template.configSchema.parse({ erpUrl: erp.url, apiKey: 'k-1' });
    const ctx = { instanceId: 'erp', config, logger: pino({ level: 'silent' }), signal: new AbortController().signal,
      gateway: { submit: (d: ErpDocument) => service.submit('erp', d) }, health: { report() {} }, clock: { now: () => new Date() }, dataDir: dir,
    } as unknown as PluginContext<typeof config>;
    const adapter = (await template.create(ctx)) as ErpAdapter;

    const documents = await adapter.poll!();
    expect(documents.map((d) => d.payload.format)).toEqual(['draft', 'draft']);
    for (const d of documents) await adapter.onSubmitted!(await service.submit('erp', d));

    // E-1: completed into FA(3) by the gateway (the sums are its own: 120 x 1.20 at 23 %, 40 x 4.50 at 5 %), queued.
    const good = await store.getByErpId('erp', 'E-1');
    expect({ state: good?.state, errors: good?.errors }).toEqual({ state: 'queued', errors: [] });
    const xml = (await store.getXml(good!.id))!.toString('utf8');
    expect(xml).toContain('<P_13_1>144.00</P_13_1>');
    expect(xml).toContain('<P_13_3>180.00</P_13_3>');
    expect(erp.invoices.get('E-1')).toMatchObject({ status: 'taken' });
    expect(erp.invoices.get('E-1')!.ksef).toBeUndefined();

    // E-2: refused at intake; the ERP is told, with the ERP field to fix beside the FA(3) place and the draft field.
    const bad = erp.invoices.get('E-2')!;
    expect(bad.status).toBe('taken');
    expect(bad.ksef).toMatchObject({ kind: 'invalid', erpId: 'E-2' });
    expect(bad.ksef!.errors).toEqual([{ code: 'GW_DRAFT_INVALID_RATE', message: expect.stringContaining('lines[1].vatRate must be one of the VAT rate codes'),
      field: '/lines/1/vatRate', source: { kind: 'json', pointer: '/items/1/vat', document: 'ERP invoice E-2' } }]);
  });
});
