import template from '../../plugins/template/index.js';
import type { PluginDefinition } from '../../core/plugin-api/definePlugin.js';
import { startFakeErp, type FakeErp } from '../plugins/template/fakeErp.js';
import { erpPluginContract } from './erpPluginContract.js';

const API_KEY = 'erp-key-DO-NOT-LOG-7f3a';
let erp: FakeErp | undefined;

erpPluginContract('template', {
  definition: template as PluginDefinition,
  async options() {
    erp ??= await startFakeErp(API_KEY);
    return { erpUrl: erp.url, apiKey: API_KEY };
  },
  invalidOptions: { erpUrl: 'not a url' },
  envRefPaths: ['plugins[0].options.apiKey'],
  secretValues: [API_KEY],
  async seed(_dir, docs) {
    for (const d of docs) erp!.invoices.set(d.erpId, { id: d.erpId, fa3Xml: d.xml, status: 'new' });
  },
  async recorded(_dir, erpId) {
    const ksef = erp!.invoices.get(erpId)?.ksef;
    return ksef && { ksefNumber: ksef.ksefNumber as string | undefined, rejected: ksef.kind === 'rejected', invalid: ksef.kind === 'invalid',
      errorText: JSON.stringify(ksef.errors ?? []) };
  },
  async cleanup() {
    await erp?.close();
    erp = undefined;
  },
});
