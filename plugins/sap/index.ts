import { definePlugin } from '../../core/plugin-api/index.js';
import { SapAdapter, loadSapSetup } from './SapAdapter.js';
import { sapConfigSchema } from './sapConfigSchema.js';

/**
 * `sap`: SAP billing documents as INVOIC02 IDocs (XML-HTTP port, file port, RFC pull), mapped to invoice drafts; the
 * KSeF number goes back as status IDocs (HTTP or RFC), the UPO into SAP's ZKSEF_RESULT (docs/sap.md).
 */
export default definePlugin({
  manifest: {
    id: 'sap', version: '1.0.0', gatewayApi: '^1.0.0', kind: 'erp-adapter',
    description: 'Takes SAP INVOIC02 IDocs (IDoc-XML over HTTP, files, RFC), returns the KSeF number as status IDocs and the UPO into SAP',
  },
  configSchema: sapConfigSchema,
  async create(ctx) {
    return new SapAdapter(ctx, await loadSapSetup(ctx.config));
  },
});
