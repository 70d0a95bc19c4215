import { definePlugin } from '../../core/plugin-api/index.js';
import { RestPlugin } from './RestPlugin.js';
import { restOptionsSchema } from './RestOptions.js';

/**
 * `rest`: an HTTP API for ERPs, middleware and low-code tools: invoices in (JSON, drafts or FA(3) XML), outcomes out by
 * signed webhooks (plugins/rest/README.md).
 */
export default definePlugin({
  manifest: {
    id: 'rest', version: '1.0.0', gatewayApi: '^1.0.0', kind: 'erp-adapter',
    description: 'REST API with API keys, idempotency keys, problem+json errors, OpenAPI 3.1 and Standard Webhooks',
  },
  configSchema: restOptionsSchema,
  create(ctx) {
    return new RestPlugin(ctx);
  },
});
