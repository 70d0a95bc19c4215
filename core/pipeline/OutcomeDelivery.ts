import type { Outcome } from '../plugin-api/types.js';
import type { SubmissionRecord, TransitionItem } from './ports/SubmissionStore.js';
import { backoff } from './PipelineOptions.js';
import type { PipelineDeps } from './PipelineDeps.js';
import { kodILink } from './kodILink.js';
import { legacyUpoFile } from './readUpo.js';

/** Hands accepted and rejected outcomes to the plugins until each one is acknowledged; then the document is delivered. */
export class OutcomeDelivery {
  constructor(private readonly deps: PipelineDeps) {}

  /** Delivers what is due; returns how many were acknowledged. */
  async run(limit = 500): Promise<number> {
    const { instanceId: owner, leaseMs } = this.deps.options;
    const due = await this.deps.store.dueDeliveries(this.deps.now(), limit, { owner, leaseMs });
    const delivered: TransitionItem[] = [];
    for (const doc of due) {
      try {
        const upo = doc.upo ?? await legacyUpoFile(this.deps, doc);
        await this.deps.sink.deliver(doc.source, this.outcomeOf(doc, upo));
      } catch (err) {
        const { deliveryBaseMs, deliveryMaxMs } = this.deps.options;
        const next = this.deps.now() + backoff(doc.deliveryAttempts, deliveryBaseMs, deliveryMaxMs);
        await this.deps.store.deferDelivery(doc.id, next, this.deps.now(), (err as Error)?.message ?? String(err));
        this.deps.logger.warn({ docId: doc.id, err, attempts: doc.deliveryAttempts + 1 }, 'outcome delivery failed; retrying later');
        if (doc.deliveryAttempts + 1 === 5) {
          await this.deps.events.emit({ type: 'delivery-failing', at: new Date(this.deps.now()).toISOString(), documentId: doc.id,
            instance: doc.source, message: `The outcome of ${doc.erpId} was not acknowledged after 5 attempts: ${(err as Error).message}` });
        }
        continue;
      }
      delivered.push({ id: doc.id, to: 'delivered', from: doc.state, patch: { now: this.deps.now() } });
      this.deps.metrics.transition(doc.contextNip ?? null, 'delivered');
    }
    // Recorded together: a crash before this commit repeats these deliveries (delivery is at least once anyway).
    await this.deps.store.transitionMany(delivered);
    return delivered.length;
  }

  outcomeOf(doc: SubmissionRecord, upo: Buffer | undefined): Outcome {
    // Intake's non-blocking findings travel with the outcome, so the ERP shows them beside the KSeF number.
    const warnings = doc.warnings && doc.warnings.length > 0 ? { warnings: doc.warnings } : {};
    if (doc.state === 'rejected' || !doc.ksefNumber) {
      return { kind: 'rejected', documentId: doc.id, erpId: doc.erpId, errors: doc.errors, ...warnings };
    }
    return {
      ...warnings, kind: 'accepted', documentId: doc.id, erpId: doc.erpId, ksefNumber: doc.ksefNumber,
      acquisitionDate: doc.acquisitionDate ?? '', upoXml: upo?.toString('utf8') ?? '', invoiceHash: doc.invoiceHash ?? '',
      verificationUrl: kodILink(this.deps.options.qrBaseUrl, doc.key?.sellerNip ?? '', doc.issueDate ?? '', doc.invoiceHash ?? ''),
    };
  }
}
