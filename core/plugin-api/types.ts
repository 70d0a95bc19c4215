/**
 * The data that crosses between an ERP plugin and the gateway core.
 * Shared contract of the plugin API (see plugins/README.md).
 */
import type { InvoiceDraft } from './draft/InvoiceDraft.js';
import type { DraftSources, SourceLocation } from './SourceLocation.js';

/**
 * A document as the ERP hands it over: an invoice draft the core completes (docs/drafts.md), canonical FA(3) JSON
 * (docs/fa3-canonical-json.md) or ready FA(3) XML. A draft may carry `sources`: where its values came from in the
 * ERP's data, keyed by JSON pointer into the draft; every error about a value then names that place too.
 *
 * @example
 * ```ts
 * const asDraft: DocumentPayload = { format: 'draft', draft, sources: { '/lines/0': { kind: 'file', file: 'feb.csv', row: 3 } } };
 * const asXml: DocumentPayload = { format: 'fa3-xml', xml: '<?xml version="1.0" encoding="UTF-8"?><Faktura ...>' };
 * const asJson: DocumentPayload = { format: 'fa3-json', invoice: { Naglowek: { ... }, Podmiot1: { ... }, Fa: { ... } } };
 * ```
 */
export type DocumentPayload =
  | { readonly format: 'draft'; readonly draft: InvoiceDraft; readonly sources?: DraftSources }
  | { readonly format: 'fa3-xml'; readonly xml: string }
  | { readonly format: 'fa3-json'; readonly invoice: unknown };

/**
 * One document from the ERP.
 *
 * @example
 * ```ts
 * const doc: ErpDocument = { erpId: 'FV/2026/02/150', urgent: false, payload: { format: 'fa3-xml', xml } };
 * ```
 */
export interface ErpDocument {
  /** The ERP's own id of the document; resubmitting the same id never creates a second KSeF invoice. */
  readonly erpId: string;
  readonly payload: DocumentPayload;
  /** Urgent documents go by online session instead of waiting for a batch. */
  readonly urgent?: boolean;
  /**
   * The KSeF context (NIP) the plugin acts for, when it answers to several tenants: a document whose seller belongs
   * to another context is refused as invalid (`GW_PIPELINE_CONTEXT_MISMATCH`), never sent.
   */
  readonly context?: string;
}

/**
 * Where a document is: `received` -> `invalid` | `queued` -> `sending` -> `sent` -> `accepted` | `rejected` ->
 * `delivered` (the plugin acknowledged the outcome).
 *
 * @example
 * ```ts
 * const final = (s: DocumentState) => s === 'invalid' || s === 'delivered';
 * ```
 */
export type DocumentState =
  | 'received' | 'invalid' | 'queued' | 'sending' | 'sent' | 'accepted' | 'rejected' | 'delivered';

/**
 * Returned once the document is durably stored.
 *
 * @example
 * ```ts
 * const receipt = await ctx.gateway.submit(doc);
 * if (receipt.state === 'invalid') ctx.logger.warn({ erpId: receipt.erpId, errors: receipt.errors }, 'document refused');
 * ```
 */
export interface Receipt {
  readonly documentId: string;
  readonly erpId: string;
  readonly state: DocumentState;
  /** True when this ERP id was already known: the existing document is returned, nothing new is created. */
  readonly duplicate: boolean;
  /** When `state` is `invalid`: why. The document will not be sent; a corrected one needs a new ERP id. */
  readonly errors?: readonly OutcomeError[];
  /** Findings that do not block sending (rules the operator turned into warnings, NIP checksum on TEST/DEMO). */
  readonly warnings?: readonly OutcomeError[];
}

/**
 * One finding about a document, located: a KSeF status or exception code, or a gateway validation code (stable,
 * e.g. `FA3_P15_MISMATCH`, `GW_DRAFT_INVALID_VALUE`), the FA(3) path, and for drafts the draft field and the place in
 * the ERP's own data it came from (when the plugin gave `sources`). Every finding of a document is reported at once.
 *
 * @example
 * ```ts
 * const e: OutcomeError = { code: 'GW_DRAFT_INVALID_RATE', message: 'line 3: "8%" is not a VAT rate code',
 *   location: 'Fa/FaWiersz[3]/P_12', field: '/lines/2/vatRate', source: { kind: 'file', file: 'feb.csv', row: 5, column: 'vat' } };
 * const where = e.source ? describeSource(e.source) : e.location;
 * ```
 */
export interface OutcomeError {
  readonly code: string;
  readonly message: string;
  /** Path in the FA(3) document, e.g. `Fa/FaWiersz[3]/P_12` (1-based indices, root element omitted). */
  readonly location?: string;
  /** JSON pointer into the draft, e.g. `/lines/2/vatRate`, when the document was a draft. */
  readonly field?: string;
  /** Where the value came from in the ERP's data, when the plugin said so (`DocumentPayload` `sources`). */
  readonly source?: SourceLocation;
  /**
   * For KSeF's own codes: an English explanation of KSeF's Polish `message` (which is kept as KSeF sent it), when
   * the code is known, e.g. `message` "Duplikat faktury: ...", `explanation` "duplicate: KSeF already holds ...".
   */
  readonly explanation?: string;
}

/**
 * The final answer for a document, given to the plugin's `deliver`.
 *
 * @example
 * ```ts
 * async deliver(outcome: Outcome) {
 *   if (outcome.kind === 'accepted') await erp.saveKsef(outcome.erpId, outcome.ksefNumber, outcome.upoXml);
 *   else await erp.saveErrors(outcome.erpId, outcome.errors.map((e) => `${e.code}: ${e.message}`));
 *   for (const w of outcome.warnings ?? []) await erp.addNote(outcome.erpId, `${w.code}: ${w.message}`);
 * }
 * ```
 */
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
      /** Findings that did not block sending (as on the `Receipt`); absent when there were none. */
      readonly warnings?: readonly OutcomeError[];
    }
  | {
      readonly kind: 'rejected';
      readonly documentId: string;
      readonly erpId: string;
      readonly errors: readonly OutcomeError[];
      /** Findings of the gateway's own checks that did not block sending; absent when there were none. */
      readonly warnings?: readonly OutcomeError[];
    };

/**
 * The result of `ctx.gateway.validate`: every error and warning of the document at once; when valid, the FA(3) XML
 * exactly as it would be sent. Nothing is stored.
 *
 * @example
 * ```ts
 * const report = await ctx.gateway.validate({ erpId: 'FV-1', payload: { format: 'draft', draft } });
 * if (report.valid) reply(200, { xml: report.xml, warnings: report.warnings });
 * else reply(422, { errors: report.errors.map((e) => ({ code: e.code, message: e.message, at: e.source ?? e.field })) });
 * ```
 */
export type ValidationReport =
  | {
      readonly valid: true;
      /** The FA(3) XML the gateway would send for this document. */
      readonly xml: string;
      readonly errors: readonly [];
      readonly warnings: readonly OutcomeError[];
    }
  | {
      readonly valid: false;
      readonly errors: readonly OutcomeError[];
      readonly warnings: readonly OutcomeError[];
    };

/**
 * A purchase (or any) invoice that KSeF holds for one of the gateway's contexts, synced from KSeF into the ERP
 * (the inbound direction: see `ErpAdapter.receive`). The gateway hands each invoice to each adapter that has
 * `receive`, from a durable outbox: again after a failure or a restart until `receive` resolves, so `receive`
 * must be idempotent (key on `ksefNumber`).
 *
 * @example
 * ```ts
 * const inbound: InboundInvoice = {
 *   ksefNumber: '9999999999-20260215-0100001AF629-AF', contextNip: '1111111111', subjectRole: 'buyer',
 *   invoiceNumber: 'FV2026/02/150', sellerNip: '9999999999', issueDate: '2026-02-15',
 *   acquisitionDate: '2026-02-15T10:11:12Z', permanentStorageDate: '2026-02-15T10:11:13.000001Z',
 *   invoiceHash: 'abc...=', xml: '<Faktura>...</Faktura>', metadata: { grossAmount: 2051, currency: 'PLN' },
 * };
 * ```
 */
export interface InboundInvoice {
  readonly ksefNumber: string;
  /** The gateway's context (NIP) the invoice was fetched for. */
  readonly contextNip: string;
  /** How the context appears on the invoice: Subject1 seller, Subject2 buyer, Subject3 third party, authorized subject. */
  readonly subjectRole: 'seller' | 'buyer' | 'third-party' | 'authorized';
  /** P_2, the seller's own number of the invoice. */
  readonly invoiceNumber: string;
  readonly sellerNip: string;
  /** P_1, `YYYY-MM-DD`. */
  readonly issueDate: string;
  /** When KSeF assigned the KSeF number: the invoice's legal date of receipt. */
  readonly acquisitionDate: string;
  readonly permanentStorageDate: string;
  /** Base64 SHA-256 of the XML bytes. */
  readonly invoiceHash: string;
  /** The FA(3) XML exactly as KSeF returned it (UTF-8). */
  readonly xml: string;
  /** KSeF's `InvoiceMetadata` of the invoice (amounts, currency, buyer, thirdSubjects, ...), as the export gave it. */
  readonly metadata: Readonly<Record<string, unknown>>;
}

/**
 * Something that happened in the gateway that people should hear about. Notifier plugins get every event through
 * `notify`, ERP adapters through their optional `onEvent`. Events are kept in the gateway's store until the plugin
 * acknowledges them (its method resolves), retried with backoff meanwhile, and handed over in the order they happened;
 * a plugin may hear one again after a crash, so it should act idempotently (`type` + `at` identify an event).
 * `message` names the context and says what to do; no event ever carries a token or a key.
 *
 * | type | when | resolved by |
 * |---|---|---|
 * | `credential-invalid` | KSeF refused the context's token or certificate (wrong, revoked, no permission) | `context-resumed` |
 * | `context-paused` | sending for the context stopped (`reason` says why) | `context-resumed` |
 * | `context-resumed` | a usable credential was stored; sending goes on | |
 * | `credential-expiring` | a certificate, or a token whose expiry was stated (`token add --expires`), ends within 30 or 7 days, or has ended | a new credential |
 * | `document-rejected` | KSeF (or the gateway giving up) rejected a document | |
 * | `delivery-failing` | an outcome was not acknowledged by its ERP adapter after 5 attempts | |
 * | `ksef-unreachable` | KSeF calls of a context failed 5 times in a row (transient errors) | `ksef-reachable` |
 * | `ksef-reachable` | KSeF answered again after `ksef-unreachable` | |
 * | `alert-raised` | a notification rule's condition began (`rule`: documents-waiting, rejections, ...; docs/notifications.md) | `alert-resolved` |
 * | `alert-resolved` | that condition ended | |
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
  | { readonly type: 'context-paused'; readonly at: string; readonly contextNip: string; readonly reason: string; readonly message: string }
  | { readonly type: 'context-resumed'; readonly at: string; readonly contextNip: string; readonly message: string }
  | {
      readonly type: 'document-rejected'; readonly at: string; readonly documentId: string; readonly erpId: string;
      readonly contextNip?: string; readonly codes?: readonly string[]; readonly message: string;
    }
  | { readonly type: 'delivery-failing'; readonly at: string; readonly documentId: string; readonly instance: string; readonly message: string }
  | { readonly type: 'ksef-unreachable'; readonly at: string; readonly contextNip?: string; readonly message: string }
  | { readonly type: 'ksef-reachable'; readonly at: string; readonly contextNip?: string; readonly message: string }
  | {
      readonly type: 'alert-raised' | 'alert-resolved'; readonly at: string; readonly rule: string; readonly contextNip?: string;
      readonly message: string;
    };

/**
 * The type names of `GatewayEvent`, for plugins that filter what they forward.
 *
 * @example
 * ```ts
 * const forward: readonly GatewayEventType[] = ['context-paused', 'context-resumed', 'credential-expiring'];
 * ```
 */
export type GatewayEventType = GatewayEvent['type'];
