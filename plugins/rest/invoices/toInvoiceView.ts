import type { DocumentView, Receipt } from '../../../core/plugin-api/index.js';
import type { ProblemError } from '../http/problems.js';

/** The ERP's id as the client gave it: without the `<NIP>/` tenant prefix the plugin stores. */
export const clientErpId = (stored: string): string => stored.slice(stored.indexOf('/') + 1);

export const linksOf = (id: string) => ({ self: `/v1/invoices/${id}`, upo: `/v1/invoices/${id}/upo`, xml: `/v1/invoices/${id}/xml` });

/** A stored document as the API shows it. */
export function toInvoiceView(d: DocumentView): Record<string, unknown> {
  const located = (list: DocumentView['errors']): ProblemError[] => list.map((e) => ({ code: e.code, message: e.message,
    ...(e.field ? { pointer: e.field } : {}), ...(e.location ? { xmlPath: `/Faktura/${e.location.replace(/^\/?(Faktura\/)?/, '')}` } : {}) }));
  const errors = located(d.errors);
  const warnings = located(d.warnings);
  return {
    id: d.documentId, erpId: clientErpId(d.erpId), context: d.contextNip ?? d.erpId.slice(0, d.erpId.indexOf('/')), state: d.state,
    urgent: d.urgent, invoiceNumber: d.invoiceNumber, ksefNumber: d.ksefNumber, acquisitionDate: d.acquisitionDate,
    invoiceHash: d.invoiceHash, verificationUrl: d.verificationUrl, errors, warnings, createdAt: d.createdAt, updatedAt: d.updatedAt,
    links: linksOf(d.documentId),
  };
}

/** The answer to a submission: what the receipt says, before anything else is known. */
export function receiptView(r: Receipt, context: string, warnings: readonly ProblemError[] = []): Record<string, unknown> {
  return { id: r.documentId, erpId: clientErpId(r.erpId), context, state: r.state, duplicate: r.duplicate,
    ...(warnings.length > 0 ? { warnings } : {}), links: linksOf(r.documentId) };
}
