import { GatewayError } from '../errors/GatewayError.js';
import type { Outcome } from '../plugin-api/types.js';
import type { CredentialInfo } from '../vault/CredentialVault.js';
import type { OutcomeDelivery } from './OutcomeDelivery.js';
import type { PipelineDeps } from './PipelineDeps.js';
import { readUpo } from './readUpo.js';
import type { FailingDeliveries, GatewayProblem, StateCount, SubmissionRecord } from './ports/SubmissionStore.js';

export interface PipelineStatus {
  readonly counts: readonly StateCount[];
  readonly latestErrors: readonly Pick<SubmissionRecord, 'id' | 'erpId' | 'state' | 'contextNip' | 'errors' | 'updatedAt'>[];
  /** Paused contexts and why. */
  readonly paused: Readonly<Record<string, string>>;
  readonly credentials: readonly CredentialInfo[];
  /** Outcomes whose hand-over to their plugin failed: how many, and the latest with why. */
  readonly failingDeliveries: FailingDeliveries;
  /** Background work failing (certificate expiry check, plugin polls), until it works again. */
  readonly problems: readonly GatewayProblem[];
}

/** What the CLI (`status`, `retry <ref>`, `upo get <ref>`) and the admin API read from the pipeline. */
export class PipelineQueries {
  constructor(private readonly deps: PipelineDeps, private readonly delivery: OutcomeDelivery) {}

  async status(errorLimit = 10): Promise<PipelineStatus> {
    const { store, vault } = this.deps;
    const errors = await store.latestErrors(errorLimit);
    return {
      counts: await store.countsByState(),
      latestErrors: errors.map((d) => ({ id: d.id, erpId: d.erpId, state: d.state, contextNip: d.contextNip, errors: d.errors, updatedAt: d.updatedAt })),
      paused: Object.fromEntries(await store.pausedContexts()),
      credentials: await vault.list(),
      failingDeliveries: await store.failingDeliveries(errorLimit),
      problems: await store.problems(),
    };
  }

  async document(id: string): Promise<SubmissionRecord> {
    const doc = await this.deps.store.get(id);
    if (!doc) throw new GatewayError('GW_PIPELINE_NO_DOCUMENT', 'data', `No document ${id}`, { location: id });
    return doc;
  }

  /**
   * The one document `reference` names: its document id, its ERP id or its KSeF number. An ERP id used by several
   * plugins is ambiguous unless `source` (the plugin instance id) says which.
   */
  async find(reference: string, source?: string): Promise<SubmissionRecord> {
    const found = (await this.deps.store.findByReference(reference, 20)).filter((d) => source === undefined || d.source === source);
    const exact = found.find((d) => d.id === reference);
    if (exact) return exact;
    if (found.length === 1) return found[0];
    if (found.length === 0) {
      throw new GatewayError('GW_PIPELINE_NO_DOCUMENT', 'data',
        `No document has the id, ERP id or KSeF number ${reference}${source === undefined ? '' : ` (source ${source})`}`, { location: reference });
    }
    throw new GatewayError('GW_PIPELINE_AMBIGUOUS_REFERENCE', 'data', `${reference} names ${found.length} documents: `
      + `${found.map((d) => `${d.id} (source ${d.source}, ERP id ${d.erpId}, ${d.state})`).join('; ')}; give the document id or --source`,
    { location: reference });
  }

  /** The per-invoice UPO exactly as KSeF sent it, of the document `reference` names (see find). */
  async upo(reference: string, source?: string): Promise<Buffer> {
    const doc = await this.find(reference, source);
    const upo = await readUpo(this.deps, doc);
    if (!upo) throw new GatewayError('GW_PIPELINE_NO_UPO', 'data', `Document ${doc.id} has no UPO (state ${doc.state})`, { location: doc.id });
    return upo;
  }

  async outcome(id: string): Promise<Outcome | undefined> {
    const doc = await this.document(id);
    if (doc.state !== 'accepted' && doc.state !== 'rejected' && doc.state !== 'delivered') return undefined;
    return this.delivery.outcomeOf(doc, await readUpo(this.deps, doc));
  }

  /**
   * `retry <reference>`: hands KSeF's verdict (accepted or rejected) to the plugin again, whether or not it was
   * delivered before (an ERP that lost it), with delivery attempts and backoff restarted: due now. A document without
   * a verdict is never sent again by hand (the pipeline resolves it); an invalid one was answered at intake.
   */
  async retry(reference: string, source?: string): Promise<SubmissionRecord> {
    const doc = await this.find(reference, source);
    if (!(await this.deps.store.redeliver(doc.id, this.deps.now()))) {
      const why = doc.state === 'invalid' ? 'it was refused at intake and answered then; fix it and submit it again'
        : 'KSeF has not given its verdict yet; the gateway delivers it when it has';
      throw new GatewayError('GW_PIPELINE_NOT_RETRYABLE', 'data', `Document ${doc.id} is ${doc.state}: ${why}`, { location: doc.id });
    }
    return (await this.deps.store.get(doc.id)) as SubmissionRecord;
  }
}
