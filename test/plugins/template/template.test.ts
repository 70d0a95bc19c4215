import { pino } from 'pino';
import template from '../../../plugins/template/index.js';
import type { ErpAdapter, PluginContext } from '../../../core/plugin-api/index.js';
import { startFakeErp } from './fakeErp.js';

describe('template plugin', () => {
  it('authenticates with its API key, marks taken documents and reports the ERP down when its health fails', async () => {
    const erp = await startFakeErp('k-123');
    try {
      erp.invoices.set('FV-1', { id: 'FV-1', fa3Xml: '<Faktura/>', status: 'new' });
      const config = template.configSchema.parse({ erpUrl: erp.url, apiKey: 'k-123' });
      const ctx = { instanceId: 't', config, logger: pino({ level: 'silent' }), signal: new AbortController().signal,
        gateway: { submit: async () => { throw new Error('unused'); }, validate: async () => { throw new Error('unused'); } }, health: { report() {} }, clock: { now: () => new Date() }, dataDir: '/nonexistent' } as unknown as PluginContext<typeof config>;
      const adapter = (await template.create(ctx)) as ErpAdapter;
      const docs = await adapter.poll!();
      expect(docs).toEqual([{ erpId: 'FV-1', urgent: false, payload: { format: 'fa3-xml', xml: '<Faktura/>' } }]);
      await adapter.onSubmitted!({ documentId: 'd-1', erpId: 'FV-1', state: 'queued', duplicate: false });
      expect(erp.invoices.get('FV-1')!.status).toBe('taken');
      expect(await adapter.poll!()).toEqual([]);
      expect(new Set(erp.authHeaders)).toEqual(new Set(['Bearer k-123']));
      // A document refused at intake: its errors go to the ERP (no outcome will follow), then it is marked taken.
      erp.invoices.set('FV-2', { id: 'FV-2', fa3Xml: '<Faktura/>', status: 'new' });
      const errors = [{ code: 'FA3_XSD', message: 'P_2 is missing', location: 'Fa/P_2' }];
      await adapter.onSubmitted!({ documentId: 'd-2', erpId: 'FV-2', state: 'invalid', duplicate: false, errors });
      expect(erp.invoices.get('FV-2')).toMatchObject({ status: 'taken', ksef: { kind: 'invalid', documentId: 'd-2', erpId: 'FV-2', errors } });
      expect(await adapter.check!()).toEqual({ status: 'up' });
      erp.failHealth = true;
      expect(await adapter.check!()).toEqual({ status: 'down', detail: 'ERP answered 503 to GET /health' });
    } finally {
      await erp.close();
    }
  });
});
