import type { ErpIdResolver, ResolvedInvoice } from '../fa3/draft/resolveReferences.js';
import { readFa3 } from '../fa3/Fa3Reader.js';
import { VAT_RATE_CODES, type VatRateCode } from '../plugin-api/VatRateCode.js';
import { RATE_BUCKETS } from '../fa3/rules/rateBuckets.js';
import type { SubmissionStore } from './ports/SubmissionStore.js';

/**
 * Resolves a draft's `{ erpId }` references among the documents the same plugin instance submitted: the invoice's
 * number, issue date and KSeF number, and for advance invoices the net and VAT per rate they carried. Only accepted
 * invoices can be referenced (KSeF takes a correction only once the original has its KSeF number).
 */
export function storeReferenceResolver(store: SubmissionStore, source: string): ErpIdResolver {
  return async (erpId) => {
    const record = await store.getByErpId(source, erpId);
    if (!record) return { problem: `no document with this ERP id was submitted by ${source}` };
    if (!record.key || !record.issueDate) return { problem: `the document is ${record.state} and was never a valid invoice` };
    if (!record.ksefNumber) return { problem: `the invoice is ${record.state}, not accepted by KSeF yet; it can be referenced once it has its KSeF number` };
    const resolved: ResolvedInvoice = { number: record.key.invoiceNumber, issueDate: record.issueDate, ksefNumber: record.ksefNumber };
    if (record.key.invoiceKind !== 'ZAL') return resolved;
    const xml = await store.getXml(record.id);
    return xml ? { ...resolved, amounts: advanceAmounts(xml) } : resolved;
  };
}

/** Net and VAT per rate of a stored advance invoice: its buckets, each named by the rate its order lines use. */
function advanceAmounts(xml: Buffer): { vatRate: VatRateCode; net: string; vat: string }[] {
  const fa = readFa3(xml).Fa;
  const orderRates = new Set((fa.Zamowienie?.ZamowienieWiersz ?? []).map((r) => r.P_12Z?.trim()));
  const out: { vatRate: VatRateCode; net: string; vat: string }[] = [];
  for (const b of RATE_BUCKETS) {
    const net = fa[b.net];
    if (net === undefined) continue;
    const code = b.codes.find((c) => orderRates.has(c)) ?? b.codes[0];
    if (!code || !(VAT_RATE_CODES as readonly string[]).includes(code)) continue;
    out.push({ vatRate: code as VatRateCode, net, vat: (b.tax && fa[b.tax]) || '0' });
  }
  return out;
}
