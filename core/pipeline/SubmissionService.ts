import { createHash, randomUUID } from 'node:crypto';
import type { ErpDocument, OutcomeError, Receipt } from '../plugin-api/types.js';
import type { DocumentPreparer } from './ports/DocumentPreparer.js';
import type { SubmissionRecord, SubmissionStore } from './ports/SubmissionStore.js';
import type { PipelineMetrics } from './ports/PipelineMetrics.js';

export interface SubmitResult extends Receipt {
  /** Why the document is invalid (state 'invalid'); empty otherwise. */
  readonly errors: readonly OutcomeError[];
}

export interface SubmissionServiceOptions {
  /** Contexts whose KSeF setting allows attachments (DECISIONS.md 12); default: none. */
  readonly attachmentsAllowed?: (contextNip: string) => boolean;
  readonly now?: () => number;
}

/**
 * Takes a document from a plugin: stores it, builds and validates its bytes once, and queues it. The receipt is
 * returned only after the document is durably queued or marked invalid; a crash before that leaves it `received`,
 * and the ERP's retry (it got no receipt) prepares it again.
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
    const { record, created } = await this.store.receive({
      id: randomUUID(), source, erpId: document.erpId, urgent: document.urgent === true, now: this.now(),
    });
    if (!created && record.state !== 'received') return receipt(record, true);
    const prepared = await this.preparer.prepare(document);
    if (!prepared.ok) return this.invalid(record, prepared.errors, !created);
    const doc = prepared.document;
    if (doc.hasAttachment && !(this.options.attachmentsAllowed?.(doc.contextNip) ?? false)) {
      return this.invalid(record, [{ code: 'GW_PIPELINE_ATTACHMENTS_DISABLED', location: 'Zalacznik',
        message: `Context ${doc.contextNip} does not have attachments enabled in KSeF; the invoice cannot be sent with a Zalacznik` }], !created);
    }
    const invoiceHash = createHash('sha256').update(doc.xml).digest('base64');
    const holder = await this.store.findKeyHolder(doc.key, record.id);
    if (holder) {
      const same = holder.invoiceHash === invoiceHash;
      return this.invalid(record, [{
        code: same ? 'GW_PIPELINE_DUPLICATE_DOCUMENT' : 'GW_PIPELINE_NUMBER_IN_USE', location: 'Fa/P_2',
        message: same
          ? `The same invoice was already submitted as ERP document ${holder.erpId} (document ${holder.id})`
          : `Invoice number ${doc.key.invoiceNumber} (${doc.key.invoiceKind}) of seller ${doc.key.sellerNip} is already used by ERP document ${holder.erpId}${holder.ksefNumber ? ` (KSeF number ${holder.ksefNumber})` : ''}`,
      }], !created);
    }
    const queued = await this.store.transition(record.id, 'queued', {
      now: this.now(), contextNip: doc.contextNip, key: doc.key, issueDate: doc.issueDate, hasAttachment: doc.hasAttachment,
      xml: doc.xml, invoiceHash, invoiceSize: doc.xml.length,
    }, 'received');
    this.metrics.transition(doc.contextNip, 'queued');
    return receipt(queued, !created);
  }

  private async invalid(record: SubmissionRecord, errors: readonly OutcomeError[], duplicate: boolean): Promise<SubmitResult> {
    const rec = await this.store.transition(record.id, 'invalid', { now: this.now(), errors }, 'received');
    this.metrics.transition(null, 'invalid');
    return receipt(rec, duplicate);
  }
}

function receipt(r: SubmissionRecord, duplicate: boolean): SubmitResult {
  return { documentId: r.id, erpId: r.erpId, state: r.state, duplicate, errors: r.state === 'invalid' ? r.errors : [] };
}
