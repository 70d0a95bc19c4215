import type { PluginStorage } from '../../../core/plugin-api/index.js';
import type { StatusRouting } from '../status/buildStatusIdoc.js';

/** An IDoc the plugin took: which billing document it carried and how to address the status back to its sender. */
export interface IdocRecord {
  readonly docnum: string;
  readonly erpId: string;
  readonly billingDocument: string;
  readonly routing: StatusRouting;
}

/** The status already known for a billing document, so an IDoc re-sent later gets it at once. */
export interface KnownOutcome {
  readonly erpId: string;
  readonly status: '41' | '40';
  readonly ksefNumber?: string;
  readonly acquisitionDate?: string;
  readonly messages: readonly string[];
}

interface BillingEntry {
  readonly docnums: readonly string[];
  readonly outcome?: KnownOutcome;
}

const IDOCS = 'sap-idocs';
const BILLING = 'sap-billing';

/**
 * Which IDocs (DOCNUM) carried which billing document, and the billing document's last outcome, in the gateway's
 * own store: the IDoc number is taken once even by several gateway instances (insert is atomic), and every entry is
 * durable before the IDoc is acknowledged to SAP.
 */
export class IdocIndex {
  constructor(private readonly storage: PluginStorage) {}

  async get(docnum: string): Promise<IdocRecord | undefined> {
    return (await this.storage.get<IdocRecord>(IDOCS, docnum))?.value;
  }

  /** False when this DOCNUM was taken before (nothing written). */
  async add(record: IdocRecord): Promise<boolean> {
    if (!(await this.storage.insert(IDOCS, record.docnum, record))) return false;
    await this.change(record.erpId, (e) => ({ ...e, docnums: e.docnums.includes(record.docnum) ? e.docnums : [...e.docnums, record.docnum] }));
    return true;
  }

  async docnumsOf(erpId: string): Promise<IdocRecord[]> {
    const entry = (await this.storage.get<BillingEntry>(BILLING, erpId))?.value;
    const records = await Promise.all((entry?.docnums ?? []).map((d) => this.get(d)));
    return records.filter((r): r is IdocRecord => r !== undefined);
  }

  async outcomeOf(erpId: string): Promise<KnownOutcome | undefined> {
    return (await this.storage.get<BillingEntry>(BILLING, erpId))?.value.outcome;
  }

  async setOutcome(outcome: KnownOutcome): Promise<void> {
    await this.change(outcome.erpId, (e) => ({ ...e, outcome }));
  }

  /** Compare-and-set, so two instances recording IDocs of one billing document never lose one. */
  private async change(erpId: string, f: (e: BillingEntry) => BillingEntry): Promise<void> {
    for (;;) {
      const current = await this.storage.get<BillingEntry>(BILLING, erpId);
      if (!current) {
        if (await this.storage.insert(BILLING, erpId, f({ docnums: [] }))) return;
        continue;
      }
      if (await this.storage.update(BILLING, erpId, f(current.value), { expectVersion: current.version })) return;
    }
  }
}
