import { definePlugin, secret, z } from '../../core/plugin-api/index.js';
import { ErpHttpClient } from './ErpHttpClient.js';

/**
 * TEMPLATE ERP adapter: copy this folder, rename the id, rewrite ErpHttpClient for your ERP (plugins/README.md).
 * It shows every part of the plugin API: options with a secret, pull (`poll` + `onSubmitted`), the ERP's own invoice
 * JSON mapped through a draft with source locations (erpInvoiceToDraft.ts), receipts refused at intake or duplicate,
 * `deliver`, `check`, `start`/`stop`, the logger and the shutdown signal.
 */
export default definePlugin({
  manifest: {
    id: 'template', version: '1.0.0', gatewayApi: '^1.0.0', kind: 'erp-adapter',
    description: 'Example ERP adapter over a small REST API; a starting point for partners',
  },
  configSchema: z.object({
    erpUrl: z.url().describe('base URL of the ERP API'),
    apiKey: secret().describe('ERP API key; only as ${ENV_VAR} in the config file'),
    timeoutMs: z.number().int().positive().default(10_000),
  }).strict(),
  create(ctx) {
    const erp = new ErpHttpClient(ctx.config.erpUrl, ctx.config.apiKey, ctx.config.timeoutMs);
    return {
      async start() {
        ctx.logger.info({ erpUrl: ctx.config.erpUrl }, 'template adapter starting');
      },
      async poll() {
        return erp.newInvoices(ctx.signal);
      },
      async onSubmitted(receipt) {
        const log = ctx.logger.child({ docId: receipt.documentId });
        if (receipt.state === 'invalid') {
          // Refused at intake: it will never be sent and no outcome follows, so the ERP must be told why now, or the
          // invoice silently never reaches KSeF. Recorded before `taken`: if this fails, the next poll offers it again.
          await erp.recordRefusal(receipt, ctx.signal);
          log.warn({ erpId: receipt.erpId, codes: (receipt.errors ?? []).map((e) => e.code) }, 'document refused by the gateway; errors recorded in ERP');
        } else if (receipt.duplicate) {
          // The gateway already holds this ERP id (an earlier poll whose `taken` mark failed, or the ERP offering it
          // again): nothing new is sent, and its outcome comes, or came, through deliver().
          log.info({ erpId: receipt.erpId, state: receipt.state }, 'document already held by the gateway');
        }
        await erp.markTaken(receipt.erpId, receipt.documentId, ctx.signal);
      },
      async deliver(outcome) {
        await erp.recordOutcome(outcome, ctx.signal);
        ctx.logger.child({ docId: outcome.documentId }).info({ erpId: outcome.erpId, kind: outcome.kind }, 'outcome recorded in ERP');
      },
      async check() {
        try {
          await erp.ping(ctx.signal);
          return { status: 'up' };
        } catch (err) {
          return { status: 'down', detail: (err as Error).message };
        }
      },
      async stop() {
        ctx.logger.info({}, 'template adapter stopped');
      },
    };
  },
});
