import { definePlugin } from '../../core/plugin-api/index.js';
import { CsvInbox } from './CsvInbox.js';
import { csvFolders } from './CsvFolders.js';
import { csvOptionsSchema } from './CsvOptions.js';
import { loadMapping } from './mapping/loadMapping.js';

/**
 * `csv`: invoices from ERP file exports, mapped to drafts by a YAML mapping (plugins/csv/README.md).
 */
export default definePlugin({
  manifest: {
    id: 'csv', version: '1.0.0', gatewayApi: '^1.0.0', kind: 'erp-adapter',
    description: 'Takes CSV exports from a folder, maps them to invoice drafts and writes results, rejected rows and UPOs back',
  },
  configSchema: csvOptionsSchema,
  async create(ctx) {
    const mapping = await loadMapping(ctx.config.mapping);
    return new CsvInbox({
      folders: csvFolders(ctx.config, ctx.dataDir), mapping, options: ctx.config,
      submit: (document) => ctx.gateway.submit(document), logger: ctx.logger, clock: ctx.clock, storage: ctx.storage,
    });
  },
});
