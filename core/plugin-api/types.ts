/**
 * The data that crosses between an ERP plugin and the gateway core.
 * Shared contract of the plugin API (see plugins/README.md).
 */

/** A document as the ERP hands it over: canonical FA(3) JSON (docs/fa3-canonical-json.md) or ready FA(3) XML. */
export type DocumentPayload =
  | { readonly format: 'fa3-xml'; readonly xml: string }
  | { readonly format: 'fa3-json'; readonly invoice: unknown };

export interface ErpDocument {
  /** The ERP's own id of the document; resubmitting the same id never creates a second KSeF invoice. */
  readonly erpId: string;
  readonly payload: DocumentPayload;
  /** Urgent documents go by online session instead of waiting for a batch. */
  readonly urgent?: boolean;
}

export type DocumentState =
  | 'received' | 'invalid' | 'queued' | 'sending' | 'sent' | 'accepted' | 'rejected' | 'delivered';

/** Returned once the document is durably stored. */
export interface Receipt {
  readonly documentId: string;
  readonly erpId: string;
  readonly state: DocumentState;
  /** True when this ERP id was already known: the existing document is returned, nothing new is created. */
  readonly duplicate: boolean;
  /** When `state` is `invalid`: why (the document will not be sent; fix it and submit it under a new or the same id). */
  readonly errors?: readonly OutcomeError[];
}

export interface OutcomeError {
  readonly code: string;
  readonly message: string;
  readonly location?: string;
}

export type Outcome =
  | {
      readonly kind: 'accepted';
      readonly documentId: string;
      readonly erpId: string;
      readonly ksefNumber: string;
      /** ISO date-time when KSeF acquired the invoice. */
      readonly acquisitionDate: string;
      readonly upoXml: string;
      /** Base64 SHA-256 of the invoice bytes sent. */
      readonly invoiceHash: string;
      /** KOD I verification link. */
      readonly verificationUrl: string;
    }
  | {
      readonly kind: 'rejected';
      readonly documentId: string;
      readonly erpId: string;
      readonly errors: readonly OutcomeError[];
    };

/**
 * A purchase (or any) invoice that KSeF holds for one of the gateway's contexts, synced from KSeF into the ERP
 * (the inbound direction: see `ErpAdapter.receive`).
 *
 * @example
 * ```ts
 * const inbound: InboundInvoice = {
 *   ksefNumber: '5265877635-20250826-0100001AF629-AF', contextNip: '5265877635', subjectRole: 'buyer',
 *   acquisitionDate: '2025-08-26T10:11:12Z', invoiceHash: 'abc...=', xml: '<Faktura>...</Faktura>',
 * };
 * ```
 */
export interface InboundInvoice {
  readonly ksefNumber: string;
  /** The gateway's context (NIP) the invoice was fetched for. */
  readonly contextNip: string;
  /** How the context appears on the invoice. */
  readonly subjectRole: 'seller' | 'buyer' | 'third-party' | 'authorized';
  readonly acquisitionDate: string;
  readonly invoiceHash: string;
  /** The FA(3) XML exactly as KSeF returned it. */
  readonly xml: string;
}

/**
 * Something that happened in the gateway that people should hear about; notifier plugins forward these.
 *
 * @example
 * ```ts
 * const event: GatewayEvent = { type: 'credential-invalid', at: new Date().toISOString(), contextNip: '5265877635',
 *   message: 'KSeF token revoked; sending for this context is paused' };
 * ```
 */
export type GatewayEvent =
  | { readonly type: 'credential-invalid'; readonly at: string; readonly contextNip: string; readonly message: string }
  | { readonly type: 'credential-expiring'; readonly at: string; readonly contextNip: string; readonly expiresAt: string; readonly message: string }
  | { readonly type: 'document-rejected'; readonly at: string; readonly documentId: string; readonly erpId: string; readonly message: string }
  | { readonly type: 'delivery-failing'; readonly at: string; readonly documentId: string; readonly instance: string; readonly message: string }
  | { readonly type: 'ksef-unreachable'; readonly at: string; readonly message: string };
