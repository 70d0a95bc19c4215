import { GatewayError } from '../errors/GatewayError.js';
import type { Outcome } from '../plugin-api/types.js';
import type { CredentialInfo } from '../vault/CredentialVault.js';
import type { OutcomeDelivery } from './OutcomeDelivery.js';
import type { PipelineDeps } from './PipelineDeps.js';
import { readUpo } from './readUpo.js';
import type { FailingDeliveries, StateCount, SubmissionRecord } from './ports/SubmissionStore.js';

export interface PipelineStatus {
  readonly counts: readonly StateCount[];
  readonly latestErrors: readonly Pick<SubmissionRecord, 'id' | 'erpId' | 'state' | 'contextNip' | 'errors' | 'updatedAt'>[];
  /** Paused contexts and why. */
  readonly paused: Readonly<Record<string, string>>;
  readonly credentials: readonly CredentialInfo[];
  /** Outcomes whose hand-over to their plugin failed: how many, and the latest with why. */
  readonly failingDeliveries: FailingDeliveries;
}

/** What the CLI (`status`, `retry <id>`, `upo get <id>`) and the admin API read from the pipeline. */
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
    };
  }

  async document(id: string): Promise<SubmissionRecord> {
    const doc = await this.deps.store.get(id);
    if (!doc) throw new GatewayError('GW_PIPELINE_NO_DOCUMENT', 'data', `No document ${id}`, { location: id });
    return doc;
  }

  /** The per-invoice UPO exactly as KSeF sent it. */
  async upo(id: string): Promise<Buffer> {
    const doc = await this.document(id);
    const upo = await readUpo(this.deps, doc);
    if (!upo) throw new GatewayError('GW_PIPELINE_NO_UPO', 'data', `Document ${id} has no UPO (state ${doc.state})`, { location: id });
    return upo;
  }

  async outcome(id: string): Promise<Outcome | undefined> {
    const doc = await this.document(id);
    if (doc.state !== 'accepted' && doc.state !== 'rejected' && doc.state !== 'delivered') return undefined;
    return this.delivery.outcomeOf(doc, await readUpo(this.deps, doc));
  }

  /**
   * `retry <id>`: re-delivers the outcome of a delivered or failing document now (delivery restarts its backoff).
   * A document in flight is never sent again by hand: the pipeline resolves it.
   */
  async retry(id: string): Promise<SubmissionRecord> {
    const doc = await this.document(id);
    if (doc.state !== 'accepted' && doc.state !== 'rejected') {
      throw new GatewayError('GW_PIPELINE_NOT_RETRYABLE', 'data',
        `Document ${id} is ${doc.state}; only an accepted or rejected outcome awaiting delivery can be retried`, { location: id });
    }
    await this.deps.store.deferDelivery(id, this.deps.now(), this.deps.now());
    return (await this.deps.store.get(id)) as SubmissionRecord;
  }
}
