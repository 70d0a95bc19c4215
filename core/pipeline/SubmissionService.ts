import { createHash, randomUUID } from 'node:crypto';
import type { ErpDocument, OutcomeError, Receipt } from '../plugin-api/types.js';
import { contextMismatch } from './contextMismatch.js';
import type { DocumentPreparer } from './ports/DocumentPreparer.js';
import type { AdmitVerdict, DuplicateKey, SubmissionRecord, SubmissionStore } from './ports/SubmissionStore.js';
import type { PipelineMetrics } from './ports/PipelineMetrics.js';

export interface SubmitResult extends Receipt {
  /** Why the document is invalid (state 'invalid'); empty otherwise. */
  readonly errors: readonly OutcomeError[];
}

export interface SubmissionServiceOptions {
  /** Contexts whose KSeF setting allows attachments (DECISIONS.md 12); default: none. */
  readonly attachmentsAllowed?: (contextNip: string) => boolean;
  /** The contexts the gateway can send for; an invoice of another seller is refused at intake. Default: any. */
  readonly contextConfigured?: (contextNip: string) => boolean;
  readonly now?: () => number;
}

/**
 * Takes a document from a plugin: builds and validates its bytes once, then stores it queued or invalid in one
 * transaction. The receipt is returned only after that commit; a crash before it leaves nothing (or, from older
 * versions, a `received` row), and the ERP's retry (it got no receipt) prepares it again.
 */
export class SubmissionService {
  private readonly now: () => number;

  constructor(
    private readonly store: SubmissionStore,
    private readonly preparer: DocumentPreparer,
    private readonly metrics: PipelineMetrics,
    private readonly options: SubmissionServiceOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  async submit(source: string, document: ErpDocument): Promise<SubmitResult> {
    const known = await this.store.getByErpId(source, document.erpId);
    if (known && known.state !== 'received') return receipt(known, true);
    const { verdict } = await this.verdict(source, document);
    const { record, created } = await this.store.admit({
      id: randomUUID(), source, erpId: document.erpId, urgent: document.urgent === true, now: this.now(), verdict,
      onKeyHeld: (holder) => [keyHeldError(holder, 'queued' in verdict ? verdict.queued : undefined)],
    });
    // Settled by this call unless a concurrent submit of the same ERP id won the race.
    if (created || known) this.metrics.transition(record.contextNip ?? null, record.state);
    return receipt(record, !created);
  }

  /** Builds and checks the bytes once; the store then settles received -> queued | invalid in one transaction. */
  private async verdict(source: string, document: ErpDocument): Promise<{ verdict: AdmitVerdict }> {
    const prepared = await this.preparer.prepare(document, source);
    // Stored with the document (either way) and delivered with its outcome; never blocking.
    const found = prepared.warnings ?? [];
    const warnings = found.length > 0 ? found : undefined;
    if (!prepared.ok) return { verdict: { invalid: prepared.errors, contextNip: prepared.contextNip, warnings } };
    const doc = prepared.document;
    const mismatch = contextMismatch(document, doc.contextNip);
    if (mismatch) return { verdict: { invalid: [mismatch], warnings } };
    // Queued, it would wait forever: no credential can send it.
    if (this.options.contextConfigured && !this.options.contextConfigured(doc.contextNip)) {
      return { verdict: { invalid: [{ code: 'GW_PIPELINE_UNKNOWN_CONTEXT', location: 'Podmiot1/DaneIdentyfikacyjne/NIP',
        message: `No context is configured for seller NIP ${doc.contextNip}: add it to contexts[] in the config (with its credential) to send its invoices` }], warnings } };
    }
    if (doc.hasAttachment && !(this.options.attachmentsAllowed?.(doc.contextNip) ?? false)) {
      return { verdict: { contextNip: doc.contextNip, invalid: [{ code: 'GW_PIPELINE_ATTACHMENTS_DISABLED', location: 'Zalacznik',
        message: `Context ${doc.contextNip} does not have attachments enabled in KSeF; the invoice cannot be sent with a Zalacznik` }], warnings } };
    }
    return { verdict: { queued: {
      now: this.now(), contextNip: doc.contextNip, key: doc.key, issueDate: doc.issueDate, hasAttachment: doc.hasAttachment,
      xml: doc.xml, invoiceHash: createHash('sha256').update(doc.xml).digest('base64'), invoiceSize: doc.xml.length, warnings,
    } } };
  }
}

function keyHeldError(holder: SubmissionRecord, ours: { key: DuplicateKey; invoiceHash?: string } | undefined): OutcomeError {
  const key = ours?.key ?? holder.key;
  if (ours && holder.invoiceHash === ours.invoiceHash) {
    return { code: 'GW_PIPELINE_DUPLICATE_DOCUMENT', location: 'Fa/P_2',
      message: `The same invoice was already submitted as ERP document ${holder.erpId} (document ${holder.id})` };
  }
  return { code: 'GW_PIPELINE_NUMBER_IN_USE', location: 'Fa/P_2',
    message: `Invoice number ${key?.invoiceNumber} (${key?.invoiceKind}) of seller ${key?.sellerNip} is already used by ERP document ${holder.erpId}${holder.ksefNumber ? ` (KSeF number ${holder.ksefNumber})` : ''}` };
}

function receipt(r: SubmissionRecord, duplicate: boolean): SubmitResult {
  return { documentId: r.id, erpId: r.erpId, state: r.state, duplicate, errors: r.state === 'invalid' ? r.errors : [],
    ...(r.warnings && r.warnings.length > 0 && { warnings: r.warnings }) };
}
