import type { DraftRate, DraftSources, InvoiceDraft, SourceLocation } from '../../core/plugin-api/index.js';

/**
 * TEMPLATE: the example ERP's own invoice JSON. Replace with your ERP's shape. Amounts are decimal strings
 * (`"1.20"`): a JSON number is binary floating point, and a grosz lost on the way is a wrong legal invoice.
 */
export interface ErpInvoiceJson {
  readonly number: string;
  readonly date: string;
  readonly deliveryDate?: string;
  readonly currency?: string;
  readonly seller: ErpParty & { readonly nip: string };
  readonly customer: ErpParty & { readonly nip?: string };
  readonly items: readonly { readonly text: string; readonly qty: string; readonly unit?: string; readonly netPrice: string; readonly vat: string }[];
  readonly dueDate?: string;
  readonly bankAccount?: string;
}

interface ErpParty {
  readonly name: string;
  readonly street: string;
  readonly city: string;
  readonly country?: string;
}

/**
 * Maps the ERP's invoice onto a draft (plugins/README.md, "Invoice drafts"): the gateway computes every amount, VAT
 * bucket and total, and checks the result. `sources` says where each draft value came from, as a JSON pointer into
 * the ERP's invoice, so that every error the gateway reports names the ERP field the user can fix
 * (`/items/0/vat`), not only the FA(3) element. Nothing here validates: a missing or wrong value is passed on as
 * it is and comes back, located, in the receipt's errors.
 */
export function erpInvoiceToDraft(invoice: ErpInvoiceJson, document: string): { draft: InvoiceDraft; sources: DraftSources } {
  const at = (pointer: string): SourceLocation => ({ kind: 'json', pointer, document });
  const items = Array.isArray(invoice.items) ? invoice.items : [];
  const sources: Record<string, SourceLocation> = {
    '': at(''), '/number': at('/number'), '/issueDate': at('/date'), '/saleDate': at('/deliveryDate'), '/currency': at('/currency'),
    '/seller': at('/seller'), '/seller/nip': at('/seller/nip'), '/seller/name': at('/seller/name'),
    '/buyer': at('/customer'), '/buyer/id': at('/customer/nip'), '/buyer/name': at('/customer/name'),
    '/lines': at('/items'), '/payment': at('/dueDate'), '/payment/bankAccounts': at('/bankAccount'),
  };
  items.forEach((_, i) => {
    sources[`/lines/${i}`] = at(`/items/${i}`);
    sources[`/lines/${i}/name`] = at(`/items/${i}/text`);
    sources[`/lines/${i}/quantity`] = at(`/items/${i}/qty`);
    sources[`/lines/${i}/unitPrice`] = at(`/items/${i}/netPrice`);
    sources[`/lines/${i}/vatRate`] = at(`/items/${i}/vat`);
  });
  const customer = invoice.customer ?? {};
  const draft: InvoiceDraft = {
    kind: 'VAT',
    number: invoice.number,
    issueDate: invoice.date,
    ...(invoice.deliveryDate ? { saleDate: invoice.deliveryDate } : {}),
    ...(invoice.currency ? { currency: invoice.currency } : {}),
    seller: { nip: invoice.seller?.nip, name: invoice.seller?.name, address: address(invoice.seller ?? {}) },
    buyer: {
      id: customer.nip ? { type: 'nip', nip: customer.nip } : { type: 'none' },
      name: customer.name,
      address: address(customer),
    },
    lines: items.map((item) => ({
      name: item.text, quantity: item.qty, ...(item.unit ? { unit: item.unit } : {}), unitPrice: item.netPrice,
      // The ERP's VAT codes are FA(3)'s (23, 8, 5, 0 KR, zw, ...); an ERP with its own codes maps them here.
      vatRate: item.vat as DraftRate,
    })),
    ...(invoice.dueDate || invoice.bankAccount ? {
      payment: {
        ...(invoice.dueDate ? { dueDates: [invoice.dueDate] } : {}),
        ...(invoice.bankAccount ? { method: 'transfer' as const, bankAccounts: [{ number: invoice.bankAccount }] } : {}),
      },
    } : {}),
  };
  return { draft, sources };
}

function address(p: Partial<ErpParty>): { country: string; line1: string; line2?: string } {
  return { country: p.country ?? 'PL', line1: p.street ?? '', ...(p.city ? { line2: p.city } : {}) };
}
