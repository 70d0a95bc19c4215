import { z } from 'zod';
import type { Router } from '../http/Router.js';
import { parseBody } from '../http/parseBody.js';
import { SimHttpError } from '../http/SimHttpError.js';
import { visibleInvoiceStatus } from '../processing/processInvoice.js';
import type { SimContext } from '../SimContext.js';
import type { InvoiceRecord } from '../store/records.js';
import { xmlResponse } from './sessionQueries.js';

const INVOICE_TYPES: Record<string, string> = { VAT: 'Vat', ZAL: 'Zal', KOR: 'Kor', ROZ: 'Roz', UPR: 'Upr', KOR_ZAL: 'KorZal', KOR_ROZ: 'KorRoz' };
const queryRequest = z.object({
  subjectType: z.enum(['Subject1', 'Subject2', 'Subject3', 'SubjectAuthorized']),
  dateRange: z.object({ dateType: z.enum(['Issue', 'Invoicing', 'PermanentStorage']), from: z.string(), to: z.string().nullish() }),
  ksefNumber: z.string().nullish(),
  invoiceNumber: z.string().nullish(),
}).loose();

const available = (sim: SimContext, i: InvoiceRecord): boolean => visibleInvoiceStatus(sim, i).code === 200 && sim.isDue(i.permanentStorageDate);

function metadata(i: InvoiceRecord): Record<string, unknown> {
  const m = i.meta!;
  return {
    ksefNumber: i.ksefNumber, invoiceNumber: i.invoiceNumber, issueDate: m.issueDate, invoicingDate: i.invoicingDate,
    acquisitionDate: i.acquisitionDate, permanentStorageDate: i.permanentStorageDate,
    seller: { nip: m.sellerNip, name: m.sellerName ?? null },
    buyer: { identifier: { type: m.buyerIdType, value: m.buyerId ?? null }, name: m.buyerName ?? null },
    // The API's amounts are JSON numbers; the decimal strings are converted only here, at the edge.
    netAmount: Number(m.net), grossAmount: Number(m.gross), vatAmount: Number(m.vat), currency: m.currency,
    invoicingMode: i.invoicingMode, invoiceType: INVOICE_TYPES[m.invoiceType] ?? 'Vat', formCode: m.formCode,
    isSelfInvoicing: false, hasAttachment: m.hasAttachment, invoiceHash: i.invoiceHash,
    hashOfCorrectedInvoice: i.hashOfCorrectedInvoice ?? null,
  };
}

export function register(router: Router, sim: SimContext): void {
  router.add(
    {
      method: 'GET', path: '/v2/invoices/ksef/{ksefNumber}', auth: 'access', anyOf: ['InvoiceRead'], rate: 'invoiceDownload',
      handler: (req) => {
        const n = req.params.ksefNumber;
        const nip = req.caller!.contextValue;
        const inv = sim.store.byK2<InvoiceRecord>('invoice', n).find((i) => i.meta && (i.meta.sellerNip === nip || i.meta.buyerId === nip));
        if (!inv || visibleInvoiceStatus(sim, inv).code !== 200) {
          throw SimHttpError.badRequest(21164, 'Faktura o podanym identyfikatorze nie istnieje.', [`Faktura o numerze KSeF ${n} nie została znaleziona.`]);
        }
        if (!sim.isDue(inv.permanentStorageDate)) {
          throw SimHttpError.badRequest(21165, 'Faktura o podanym numerze KSeF nie jest jeszcze dostępna.', [`Faktura o numerze KSeF ${n} została przetworzona, ale nie jest jeszcze dostępna. Spróbuj ponownie później.`]);
        }
        return xmlResponse(sim.store.getBlob(`invoice:${n}`)!);
      },
    },
    {
      method: 'POST', path: '/v2/invoices/query/metadata', auth: 'access', anyOf: ['InvoiceRead'], rate: 'invoiceMetadata',
      handler: (req) => {
        const f = parseBody(req, queryRequest);
        const pageSize = Number(req.query.get('pageSize') ?? 10);
        const pageOffset = Number(req.query.get('pageOffset') ?? 0);
        if (!Number.isInteger(pageSize) || pageSize < 10 || pageSize > 250 || !Number.isInteger(pageOffset) || pageOffset < 0) {
          throw SimHttpError.invalid('pageSize musi być z zakresu 10..250, pageOffset >= 0.');
        }
        const nip = req.caller!.contextValue;
        const from = Date.parse(f.dateRange.from);
        const to = f.dateRange.to ? Date.parse(f.dateRange.to) : Infinity;
        const dateOf = (i: InvoiceRecord): number => Date.parse(
          f.dateRange.dateType === 'Issue' ? i.meta!.issueDate : f.dateRange.dateType === 'Invoicing' ? i.invoicingDate : i.permanentStorageDate!);
        const desc = req.query.get('sortOrder') === 'Desc';
        const all = sim.store.all<InvoiceRecord>('invoice')
          .filter((i) => i.ksefNumber && i.meta && available(sim, i))
          .filter((i) => (f.subjectType === 'Subject1' ? i.meta!.sellerNip === nip : f.subjectType === 'Subject2' ? i.meta!.buyerId === nip : false))
          .filter((i) => dateOf(i) >= from && dateOf(i) <= to)
          .filter((i) => !f.ksefNumber || i.ksefNumber === f.ksefNumber)
          .filter((i) => !f.invoiceNumber || i.invoiceNumber === f.invoiceNumber)
          .sort((a, b) => (dateOf(a) - dateOf(b)) * (desc ? -1 : 1));
        const page = all.slice(pageOffset * pageSize, (pageOffset + 1) * pageSize);
        return {
          status: 200,
          json: { hasMore: (pageOffset + 1) * pageSize < all.length, isTruncated: false, permanentStorageHwmDate: sim.now().toISOString(), invoices: page.map(metadata) },
        };
      },
    },
  );
}
