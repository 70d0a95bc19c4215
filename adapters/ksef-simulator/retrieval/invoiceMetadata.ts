import type { InvoiceRecord } from '../store/records.js';

/** FA(3) `RodzajFaktury` -> the API's `InvoiceType`. */
export const INVOICE_TYPES: Record<string, string> = { VAT: 'Vat', ZAL: 'Zal', KOR: 'Kor', ROZ: 'Roz', UPR: 'Upr', KOR_ZAL: 'KorZal', KOR_ROZ: 'KorRoz' };

/** `InvoiceMetadata` of openapi.json: the metadata query's items and the entries of an export's `_metadata.json`. */
export function invoiceMetadata(i: InvoiceRecord): Record<string, unknown> {
  const m = i.meta!;
  return {
    ksefNumber: i.ksefNumber, invoiceNumber: i.invoiceNumber, issueDate: m.issueDate, invoicingDate: i.invoicingDate,
    acquisitionDate: i.acquisitionDate, permanentStorageDate: i.permanentStorageDate,
    seller: { nip: m.sellerNip, name: m.sellerName ?? null },
    buyer: { identifier: { type: m.buyerIdType, value: m.buyerId ?? null }, name: m.buyerName ?? null },
    // The API's amounts are JSON numbers; the decimal strings are converted only here, at the edge.
    netAmount: Number(m.net), grossAmount: Number(m.gross), vatAmount: Number(m.vat), currency: m.currency,
    invoicingMode: i.invoicingMode, invoiceType: INVOICE_TYPES[m.invoiceType] ?? 'Vat', formCode: m.formCode,
    isSelfInvoicing: m.selfInvoicing ?? false, hasAttachment: m.hasAttachment, invoiceHash: i.invoiceHash,
    hashOfCorrectedInvoice: i.hashOfCorrectedInvoice ?? null,
    thirdSubjects: (m.thirdSubjects ?? []).map((t) => ({ identifier: { type: t.identifier.type, value: t.identifier.value ?? null }, name: t.name ?? null, role: t.role })),
    authorizedSubject: m.authorizedSubject ? { nip: m.authorizedSubject.nip, name: m.authorizedSubject.name ?? null, role: m.authorizedSubject.role } : null,
  };
}
