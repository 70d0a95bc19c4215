import type { InvoiceMetadata } from '../types/exports.js';
import type { InvoiceMetadataPage, InvoiceQueryFilters, InvoiceQueryPage } from '../types/invoices.js';

type Query = (filters: InvoiceQueryFilters, page: InvoiceQueryPage) => Promise<InvoiceMetadataPage>;

const DATE_FIELD = { Issue: 'issueDate', Invoicing: 'invoicingDate', PermanentStorage: 'permanentStorageDate' } as const;

/**
 * Every record of a metadata query, ascending, following the spec's paging: `hasMore` -> next page; `hasMore` and
 * `isTruncated` -> `dateRange.from` = the last record's date, page 0 again. Records on that boundary date come
 * twice and are given once.
 */
export async function* allInvoiceMetadata(query: Query, filters: InvoiceQueryFilters, pageSize = 250): AsyncGenerator<InvoiceMetadata> {
  let current = filters;
  let pageOffset = 0;
  let boundary = new Set<string>();
  for (;;) {
    const page = await query(current, { pageOffset, pageSize, sortOrder: 'Asc' });
    const records = page.invoices as unknown as InvoiceMetadata[];
    for (const r of records) if (!boundary.has(r.ksefNumber)) yield r;
    if (!page.hasMore) return;
    if (!page.isTruncated) {
      pageOffset++;
      continue;
    }
    const field = DATE_FIELD[current.dateRange.dateType];
    const last = records.at(-1)?.[field] as string | undefined;
    if (!last) return;
    boundary = new Set(records.filter((r) => r[field] === last).map((r) => r.ksefNumber));
    current = { ...current, dateRange: { ...current.dateRange, from: last } };
    pageOffset = 0;
  }
}
