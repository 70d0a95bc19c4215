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
