import type { ErpDocument, PluginContext, Receipt } from '../../../core/plugin-api/index.js';
import type { ApiKeyInfo } from '../auth/ApiKeys.js';
import { erpIdPrefix } from '../auth/authenticate.js';
import { HttpProblem, type ProblemError } from '../http/problems.js';
import type { RestOptions } from '../RestOptions.js';
import { locateErrors } from './locateErrors.js';
import { checkSize, type InvoiceRequest } from './readInvoiceRequest.js';

/** What one invoice of a request came to. */
export type IntakeResult =
  | { readonly kind: 'stored'; readonly receipt: Receipt; readonly context: string; readonly errors: readonly ProblemError[]; readonly warnings: readonly ProblemError[] }
  | { readonly kind: 'checked'; readonly valid: boolean; readonly context: string; readonly errors: readonly ProblemError[]; readonly warnings: readonly ProblemError[] };

/** Called for every invoice stored as invalid (not for a repeat of one): the webhook `invoice.invalid`. */
export type OnInvalid = (receipt: Receipt, context: string, errors: readonly ProblemError[]) => Promise<void>;

/**
 * Turns one invoice of a request into a stored document (or, for a dry run, a report), for the key's context:
 * size limits, the context the key may act for, the tenant prefix of the ERP id, located errors.
 */
export class InvoiceIntake {
  constructor(private readonly ctx: PluginContext<RestOptions>, private readonly onInvalid: OnInvalid) {}

  async take(key: ApiKeyInfo, req: InvoiceRequest, dryRun: boolean): Promise<IntakeResult> {
    checkSize(req, this.ctx.config.limits);
    const context = this.contextOf(key, req);
    const doc: ErpDocument = { erpId: `${erpIdPrefix(context)}${req.erpId}`, payload: req.payload, urgent: req.urgent, context };
    if (dryRun) {
      const report = await this.ctx.gateway.validate(doc);
      return { kind: 'checked', valid: report.valid, context, errors: locateErrors(req, report.errors), warnings: locateErrors(req, report.warnings) };
    }
    const receipt = await this.ctx.gateway.submit(doc);
    const errors = receipt.state === 'invalid' ? locateErrors(req, receipt.errors ?? []) : [];
    if (receipt.state === 'invalid' && !receipt.duplicate) await this.onInvalid(receipt, context, errors);
    return { kind: 'stored', receipt, context, errors, warnings: locateErrors(req, receipt.warnings ?? []) };
  }

  /** The seller NIP of the body, which the key must cover; a key of one context may leave it to the gateway's check. */
  private contextOf(key: ApiKeyInfo, req: InvoiceRequest): string {
    const nip = req.sellerNip ?? (key.contexts.length === 1 ? key.contexts[0] : undefined);
    if (nip === undefined) {
      const pointer = req.format === 'draft' ? `${req.base}/draft/seller/nip` : req.format === 'fa3-json' ? `${req.base}/invoice/Podmiot1/DaneIdentyfikacyjne/NIP` : undefined;
      throw new HttpProblem('GW_REST_INVALID_INVOICE', 'The seller NIP (the context) cannot be read from the invoice', {
        errors: [{ code: 'GW_REST_SELLER_NIP_MISSING', message: 'a 10-digit seller NIP is required',
          ...(pointer ? { pointer } : { xmlPath: '/Faktura/Podmiot1/DaneIdentyfikacyjne/NIP' }) }],
      });
    }
    if (!key.contexts.includes(nip)) {
      throw new HttpProblem('GW_REST_CONTEXT_FORBIDDEN', `API key ${key.id} may not submit invoices of seller ${nip}`);
    }
    return nip;
  }
}
