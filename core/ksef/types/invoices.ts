/** Filters of `POST /invoices/query/metadata` (PROTOCOL.md §8.2); passed through as KSeF defines them. */
export interface InvoiceQueryFilters {
  readonly subjectType: 'Subject1' | 'Subject2' | 'Subject3' | 'SubjectAuthorized';
  readonly dateRange: {
    readonly dateType: 'Issue' | 'Invoicing' | 'PermanentStorage';
    readonly from: string;
    readonly to?: string | null;
    readonly restrictToPermanentStorageHwmDate?: boolean | null;
  };
  readonly [other: string]: unknown;
}

export interface InvoiceQueryPage {
  readonly pageOffset?: number;
  readonly pageSize?: number;
  readonly sortOrder?: 'Asc' | 'Desc';
}

export interface InvoiceMetadataPage {
  readonly hasMore: boolean;
  readonly isTruncated: boolean;
  readonly permanentStorageHwmDate?: string | null;
  readonly invoices: readonly Record<string, unknown>[];
}
