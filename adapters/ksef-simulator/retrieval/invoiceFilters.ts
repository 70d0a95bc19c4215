import { z } from 'zod';
import { SimHttpError } from '../http/SimHttpError.js';
import { visibleInvoiceStatus } from '../processing/processInvoice.js';
import type { SimContext } from '../SimContext.js';
import type { ContextId, InvoiceRecord } from '../store/records.js';
import { compareDecimal } from './compareDecimal.js';
import { isoMicros, maxRangeEnd, parseKsefDate } from './ksefDates.js';
import { INVOICE_TYPES } from './invoiceMetadata.js';

const CURRENCY = z.string().regex(/^[A-Z]{3}$/);

/** `InvoiceQueryFilters` of openapi.json; the export and the metadata query share it. */
export const invoiceQueryFilters = z.object({
  subjectType: z.enum(['Subject1', 'Subject2', 'Subject3', 'SubjectAuthorized']),
  dateRange: z.object({
    dateType: z.enum(['Issue', 'Invoicing', 'PermanentStorage']),
    from: z.string(),
    to: z.string().nullish(),
    restrictToPermanentStorageHwmDate: z.boolean().nullish(),
  }),
  ksefNumber: z.string().max(36).nullish(),
  invoiceNumber: z.string().max(256).nullish(),
  amount: z.object({ type: z.enum(['Brutto', 'Netto', 'Vat']), from: z.number().nullish(), to: z.number().nullish() }).nullish(),
  sellerNip: z.string().regex(/^[1-9]\d{9}$/).nullish(),
  buyerIdentifier: z.object({ type: z.enum(['Nip', 'VatUe', 'Other', 'None']), value: z.string().max(50).nullish() }).nullish(),
  currencyCodes: z.array(CURRENCY).nullish(),
  invoicingMode: z.enum(['Online', 'Offline']).nullish(),
  isSelfInvoicing: z.boolean().nullish(),
  formType: z.enum(['FA', 'PEF', 'FA_RR']).nullish(),
  invoiceTypes: z.array(z.enum(['Vat', 'Zal', 'Kor', 'Roz', 'Upr', 'KorZal', 'KorRoz', 'VatPef', 'VatPefSp', 'KorPef', 'VatRr', 'KorVatRr'])).nullish(),
  hasAttachment: z.boolean().nullish(),
});
export type InvoiceQueryFilters = z.infer<typeof invoiceQueryFilters>;

export type DateType = InvoiceQueryFilters['dateRange']['dateType'];

/** The instant an invoice has for the date type the filters sort and cut by. */
export function dateOf(i: InvoiceRecord, type: DateType): string {
  return type === 'Issue' ? i.meta!.issueDate : type === 'Invoicing' ? i.invoicingDate : i.permanentStorageDate!;
}

/** Whether the context `c` is the invoice's subject of `subjectType` (PROTOCOL.md §8.2). */
export function isSubject(i: InvoiceRecord, c: ContextId, subjectType: InvoiceQueryFilters['subjectType']): boolean {
  const m = i.meta!;
  switch (subjectType) {
    case 'Subject1': return c.type === 'Nip' && m.sellerNip === c.value;
    case 'Subject2': return c.type === 'Nip' && m.buyerIdType === 'Nip' && m.buyerId === c.value;
    case 'Subject3': return (m.thirdSubjects ?? []).some((t) => t.identifier.value === c.value);
    case 'SubjectAuthorized': return c.type === 'Nip' && m.authorizedSubject?.nip === c.value;
  }
}

/** Any role: who may download the invoice by its KSeF number. */
export function isAnySubject(i: InvoiceRecord, c: ContextId): boolean {
  return (['Subject1', 'Subject2', 'Subject3', 'SubjectAuthorized'] as const).some((s) => isSubject(i, c, s));
}

export interface Selection {
  /** Matching invoices, ascending (or descending) by the filters' date. */
  invoices: InvoiceRecord[];
  /** ISO HWM for PermanentStorage queries, undefined for the other date types. */
  hwm?: string;
  /** `dateRange.from` is past the HWM while the filters restrict to it (21183 / export status 420). */
  beyondHwm: boolean;
}

/** The current High Water Mark: every invoice stored up to it is visible; later ones may still arrive. */
export function permanentStorageHwm(sim: SimContext): number {
  return sim.now().getTime() - sim.timings.hwmLagMs;
}

/** `dateRange` as instants; 21405 when a date is unreadable, `to` precedes `from` or the range exceeds 3 months. */
export function checkDateRange(sim: SimContext, f: InvoiceQueryFilters): { from: number; to: number } {
  const fromMs = parseKsefDate(f.dateRange.from, 'dateRange.from');
  const toMs = f.dateRange.to ? parseKsefDate(f.dateRange.to, 'dateRange.to') : sim.now().getTime();
  // Without `to` a `from` in the future is no input error: past the HWM it is 21183 / 420.
  if (f.dateRange.to && toMs < fromMs) throw SimHttpError.invalid('dateRange: data końcowa jest wcześniejsza niż początkowa.');
  if (toMs > maxRangeEnd(fromMs)) throw SimHttpError.invalid('dateRange: maksymalny dozwolony okres wynosi 3 miesiące.');
  return { from: isoMicros(f.dateRange.from, fromMs), to: f.dateRange.to ? isoMicros(f.dateRange.to, toMs) : toMs * 1000 };
}

/** Applies every filter to the invoices that `context` sees, as of now. */
export function selectInvoices(sim: SimContext, context: ContextId, f: InvoiceQueryFilters, desc = false): Selection {
  const type = f.dateRange.dateType;
  const { from, to: requestedTo } = checkDateRange(sim, f);
  const hwmMs = type === 'PermanentStorage' ? permanentStorageHwm(sim) : undefined;
  const restrict = hwmMs !== undefined && f.dateRange.restrictToPermanentStorageHwmDate === true;
  const to = restrict ? Math.min(requestedTo, hwmMs * 1000) : requestedTo;
  const hwm = hwmMs === undefined ? undefined : new Date(hwmMs).toISOString();
  if (restrict && from > hwmMs * 1000) return { invoices: [], hwm, beyondHwm: true };
  // In microseconds; an issue date is a day, taken at midnight UTC.
  const instant = (i: InvoiceRecord): number => isoMicros(dateOf(i, type));
  const types = f.invoiceTypes ? new Set<string>(f.invoiceTypes) : undefined;
  const currencies = f.currencyCodes ? new Set(f.currencyCodes) : undefined;
  const amountOf = (i: InvoiceRecord): string => (f.amount!.type === 'Brutto' ? i.meta!.gross : f.amount!.type === 'Netto' ? i.meta!.net : i.meta!.vat);
  const invoices = sim.store.all<InvoiceRecord>('invoice').filter((i) => {
    if (!i.ksefNumber || !i.meta || visibleInvoiceStatus(sim, i).code !== 200 || !sim.isDue(i.permanentStorageDate)) return false;
    if (!isSubject(i, context, f.subjectType)) return false;
    const t = instant(i);
    if (t < from || t > to) return false;
    const m = i.meta;
    if (f.ksefNumber && i.ksefNumber !== f.ksefNumber) return false;
    if (f.invoiceNumber && i.invoiceNumber !== f.invoiceNumber) return false;
    if (f.sellerNip && m.sellerNip !== f.sellerNip) return false;
    if (f.buyerIdentifier && (m.buyerIdType !== f.buyerIdentifier.type || (f.buyerIdentifier.value && m.buyerId !== f.buyerIdentifier.value))) return false;
    if (currencies && !currencies.has(m.currency)) return false;
    if (f.invoicingMode && i.invoicingMode !== f.invoicingMode) return false;
    if (typeof f.isSelfInvoicing === 'boolean' && (m.selfInvoicing ?? false) !== f.isSelfInvoicing) return false;
    if (f.formType && m.formCode.value !== f.formType) return false;
    if (types && !types.has(INVOICE_TYPES[m.invoiceType] ?? 'Vat')) return false;
    if (typeof f.hasAttachment === 'boolean' && m.hasAttachment !== f.hasAttachment) return false;
    if (f.amount) {
      const a = amountOf(i);
      if (f.amount.from != null && compareDecimal(a, String(f.amount.from)) < 0) return false;
      if (f.amount.to != null && compareDecimal(a, String(f.amount.to)) > 0) return false;
    }
    return true;
  });
  invoices.sort((a, b) => (instant(a) - instant(b) || a.ksefNumber!.localeCompare(b.ksefNumber!)) * (desc ? -1 : 1));
  return { invoices, hwm, beyondHwm: false };
}
