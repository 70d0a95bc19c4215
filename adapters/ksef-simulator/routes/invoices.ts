import type { Router } from '../http/Router.js';
import { parseBody } from '../http/parseBody.js';
import { SimHttpError } from '../http/SimHttpError.js';
import { visibleInvoiceStatus } from '../processing/processInvoice.js';
import { invoiceMetadata } from '../retrieval/invoiceMetadata.js';
import { invoiceQueryFilters, isAnySubject, selectInvoices } from '../retrieval/invoiceFilters.js';
import type { SimContext } from '../SimContext.js';
import type { ContextId, InvoiceRecord } from '../store/records.js';
import { xmlResponse } from './sessionQueries.js';

const callerContext = (c: { contextType: string; contextValue: string }): ContextId => ({ type: c.contextType as ContextId['type'], value: c.contextValue });

export function register(router: Router, sim: SimContext): void {
  router.add(
    {
      method: 'GET', path: '/v2/invoices/ksef/{ksefNumber}', auth: 'access', anyOf: ['InvoiceRead'], rate: 'invoiceDownload',
      handler: (req) => {
        const n = req.params.ksefNumber;
        const context = callerContext(req.caller!);
        const inv = sim.store.byK2<InvoiceRecord>('invoice', n).find((i) => i.meta && isAnySubject(i, context));
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
        const f = parseBody(req, invoiceQueryFilters);
        const pageSize = Number(req.query.get('pageSize') ?? 10);
        const pageOffset = Number(req.query.get('pageOffset') ?? 0);
        const sortOrder = req.query.get('sortOrder') ?? 'Asc';
        if (!Number.isInteger(pageSize) || pageSize < 10 || pageSize > 250 || !Number.isInteger(pageOffset) || pageOffset < 0) {
          throw SimHttpError.invalid('pageSize musi być z zakresu 10..250, pageOffset >= 0.');
        }
        if (sortOrder !== 'Asc' && sortOrder !== 'Desc') throw SimHttpError.invalid('sortOrder: dozwolone wartości Asc, Desc.');
        const selected = selectInvoices(sim, callerContext(req.caller!), f, sortOrder === 'Desc');
        if (selected.beyondHwm) {
          throw SimHttpError.badRequest(21183, 'Zakres filtrowania wykracza poza dostępny zakres danych.',
            ['Parametr dateRange.from jest późniejszy niż PermanentStorageHwmDate przy włączonym restrictToPermanentStorageHwmDate.']);
        }
        // Past the limit of one filter set the answer says `isTruncated` and the client narrows the range.
        const limit = sim.timings.exportLimits.metadataRecordLimit;
        const reachable = selected.invoices.slice(0, limit);
        const end = (pageOffset + 1) * pageSize;
        const page = reachable.slice(pageOffset * pageSize, end);
        const cut = selected.invoices.length > limit;
        return {
          status: 200,
          json: {
            hasMore: end < reachable.length || cut,
            // Said on the page that reaches the limit: the client then narrows dateRange from the last record's date.
            isTruncated: cut && end >= reachable.length,
            permanentStorageHwmDate: selected.hwm ?? null,
            invoices: page.map(invoiceMetadata),
          },
        };
      },
    },
  );
}
