import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteSubmissionStore } from '../../../adapters/sqlite-store/SqliteSubmissionStore.js';
import { Fa3DocumentPreparer } from '../../../core/pipeline/Fa3DocumentPreparer.js';
import { SubmissionService } from '../../../core/pipeline/SubmissionService.js';
import { noopMetrics } from '../../../core/pipeline/ports/PipelineMetrics.js';
import { invoiceXml } from '../../support/pipeline/invoiceXml.js';

describe('SubmissionService', () => {
  let dir: string;
  let store: SqliteSubmissionStore;
  let service: SubmissionService;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'submit-'));
    store = new SqliteSubmissionStore(join(dir, 'gateway.db'));
    service = new SubmissionService(store, new Fa3DocumentPreparer(), noopMetrics);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const xmlDoc = (erpId: string, number: string) => ({ erpId, payload: { format: 'fa3-xml' as const, xml: invoiceXml({ number }) } });

  it('queues a valid invoice with its exact bytes, hash and duplicate key before returning the receipt', async () => {
    const doc = xmlDoc('E1', 'FV/1');
    const r = await service.submit('erp', doc);
    expect(r).toMatchObject({ erpId: 'E1', state: 'queued', duplicate: false, errors: [] });
    const rec = await store.get(r.documentId);
    expect(rec).toMatchObject({ contextNip: '9999999999', issueDate: '2026-02-15',
      key: { sellerNip: '9999999999', invoiceKind: 'VAT', invoiceNumber: 'FV/1' } });
    expect((await store.getXml(r.documentId))?.toString('utf8')).toBe(doc.payload.xml);
    expect(rec?.invoiceHash).toHaveLength(44);
  });

  it('returns the existing receipt when the same ERP id comes again, even with other content', async () => {
    const first = await service.submit('erp', xmlDoc('E1', 'FV/1'));
    const again = await service.submit('erp', xmlDoc('E1', 'FV/999'));
    expect(again).toMatchObject({ documentId: first.documentId, duplicate: true, state: 'queued' });
    expect(await store.countsByState()).toEqual([{ contextNip: '9999999999', state: 'queued', count: 1 }]);
  });

  it('marks a second document that reuses an invoice number invalid, naming the first', async () => {
    await service.submit('erp', xmlDoc('E1', 'FV/1'));
    const other = await service.submit('erp', { erpId: 'E2', payload: { format: 'fa3-xml', xml: invoiceXml({ number: 'FV/1', issueDate: '2026-02-16' }) } });
    expect(other.state).toBe('invalid');
    expect(other.errors[0]).toMatchObject({ code: 'GW_PIPELINE_NUMBER_IN_USE', location: 'Fa/P_2' });
    expect(other.errors[0].message).toContain('E1');
  });

  it('marks a document invalid with the field and reason, and keeps it', async () => {
    const r = await service.submit('erp', { erpId: 'E3', payload: { format: 'fa3-xml', xml: invoiceXml({ number: 'FV/3' }).replace(/<P_2>[^<]*<\/P_2>/, '') } });
    expect(r.state).toBe('invalid');
    expect(r.errors).toEqual([{ code: 'FA3_FIELD_MISSING', location: 'Fa/P_2', message: 'Fa/P_2 is missing or empty' }]);
    expect((await store.get(r.documentId))?.state).toBe('invalid');
    const broken = await service.submit('erp', { erpId: 'E4', payload: { format: 'fa3-xml', xml: '<Faktura><Fa>' } });
    expect(broken.state).toBe('invalid');
  });

  it('refuses an attachment for a context without attachments, and accepts it where they are enabled', async () => {
    const withZal = invoiceXml({ number: 'FV/5' }).replace('</Faktura>', '<Zalacznik><BlokDanych/></Zalacznik></Faktura>');
    const r = await service.submit('erp', { erpId: 'E5', payload: { format: 'fa3-xml', xml: withZal } });
    expect(r.errors[0].code).toBe('GW_PIPELINE_ATTACHMENTS_DISABLED');
    const enabled = new SubmissionService(store, new Fa3DocumentPreparer(), noopMetrics, { attachmentsAllowed: (nip) => nip === '9999999999' });
    expect((await enabled.submit('erp', { erpId: 'E6', payload: { format: 'fa3-xml', xml: withZal } })).state).toBe('queued');
  });

  it('prepares again a document a crash left received, when the ERP retries it', async () => {
    await store.receive({ id: 'crashed', source: 'erp', erpId: 'E7', urgent: false, now: 1 });
    const r = await service.submit('erp', xmlDoc('E7', 'FV/7'));
    expect(r).toMatchObject({ documentId: 'crashed', state: 'queued', duplicate: true });
  });
});
