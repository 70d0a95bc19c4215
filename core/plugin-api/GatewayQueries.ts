import type { DocumentState, OutcomeError } from './types.js';

/**
 * What a plugin may read about one of its own documents (never another instance's).
 *
 * @example
 * ```ts
 * const doc = await ctx.queries.document(receipt.documentId);
 * if (doc?.state === 'accepted') ctx.logger.info({ ksefNumber: doc.ksefNumber }, 'in KSeF');
 * ```
 */
export interface DocumentView {
  readonly documentId: string;
  readonly erpId: string;
  readonly state: DocumentState;
  readonly urgent: boolean;
  /** Known once the document was read (absent for a document invalid before its seller was known). */
  readonly contextNip?: string;
  readonly invoiceNumber?: string;
  readonly ksefNumber?: string;
  /** ISO date-time when KSeF acquired the invoice. */
  readonly acquisitionDate?: string;
  /** Base64 SHA-256 of the FA(3) bytes stored for sending. */
  readonly invoiceHash?: string;
  /** KOD I verification link, once the invoice is accepted. */
  readonly verificationUrl?: string;
  readonly errors: readonly OutcomeError[];
  /** Findings that did not block sending (rules the operator turned into warnings, NIP checksum on TEST/DEMO). */
  readonly warnings: readonly OutcomeError[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * Filters of `documents`; every one is optional. `cursor` continues where the previous page's `next` ended.
 *
 * @example
 * ```ts
 * const page = await ctx.queries.documents({ states: ['rejected'], limit: 50 });
 * const more = page.next ? await ctx.queries.documents({ states: ['rejected'], limit: 50, cursor: page.next }) : undefined;
 * ```
 */
export interface DocumentFilter {
  /** Only ERP ids starting with one of these (a plugin that namespaces its tenants' ERP ids). */
  readonly erpIdPrefixes?: readonly string[];
  readonly erpId?: string;
  readonly states?: readonly DocumentState[];
  readonly contextNip?: string;
  /** Received at or after (ISO date-time). */
  readonly from?: string;
  /** Received before (ISO date-time). */
  readonly to?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

/**
 * A page of documents, newest first; `next` is absent on the last page.
 *
 * @example
 * ```ts
 * const { items, next } = await ctx.queries.documents({ limit: 10 });
 * ```
 */
export interface DocumentPage {
  readonly items: readonly DocumentView[];
  readonly next?: string;
}

/**
 * A context's (NIP's) credential health, never a secret: what an ERP shows its users when invoices wait.
 *
 * @example
 * ```ts
 * for (const c of await ctx.queries.contexts()) if (c.paused) ctx.logger.warn({ context: c.contextNip }, 'paused');
 * ```
 */
export interface ContextView {
  readonly contextNip: string;
  readonly paused: boolean;
  readonly pausedReason?: string;
  readonly credentials: readonly {
    readonly kind: 'token' | 'certificate';
    readonly status: 'active' | 'invalid' | 'revoked';
    readonly statusReason?: string;
    readonly permissions: readonly string[];
    readonly referenceNumber?: string;
    readonly ksefStatus?: string;
    /** The last successful authentication with KSeF (ISO date-time). */
    readonly lastAuthenticatedAt?: string;
    /** When the credential stops working (a certificate's notAfter, ISO date-time); absent when it does not expire. */
    readonly expiresAt?: string;
    readonly updatedAt: string;
  }[];
}

/**
 * Read-only questions a plugin may ask the gateway about its own documents and the contexts, plus one action on its
 * own documents (`retryDelivery`). Every document method answers undefined for another instance's document.
 *
 * @example
 * ```ts
 * const upo = await ctx.queries.upo(id);   // Buffer, byte for byte as KSeF issued it
 * const xml = await ctx.queries.xml(id);   // the FA(3) bytes stored for sending
 * ```
 */
export interface GatewayQueries {
  document(documentId: string): Promise<DocumentView | undefined>;
  documents(filter: DocumentFilter): Promise<DocumentPage>;
  xml(documentId: string): Promise<Buffer | undefined>;
  upo(documentId: string): Promise<Buffer | undefined>;
  /**
   * Delivers an accepted or rejected outcome to the plugin again now (`deliver` runs again); `not-final` while the
   * document is still on its way (or was invalid), `unknown` for no document of this instance.
   */
  retryDelivery(documentId: string): Promise<'scheduled' | 'not-final' | 'unknown'>;
  contexts(): Promise<ContextView[]>;
}
