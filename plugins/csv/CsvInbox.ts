import { access, constants, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock, ErpAdapter, ErpDocument, GatewayFacade, HealthStatus, InboundInvoice, Outcome, PluginLogger, PluginStorage } from '../../core/plugin-api/index.js';
import type { CsvFolders } from './CsvFolders.js';
import type { CsvOptions } from './CsvOptions.js';
import { DropRunner } from './DropRunner.js';
import type { CsvMapping } from './mapping/CsvMapping.js';
import { PurchaseRegister } from './purchases/PurchaseRegister.js';
import { Ledger } from './results/Ledger.js';
import { ResultsPublisher } from './results/ResultsPublisher.js';
import { toResultError } from './results/toResultError.js';
import { FileTaker } from './taking/FileTaker.js';
import { abandonedHalf, loneHalves, pairDrops, type ReadyDrop } from './taking/pairDrops.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/** What the host hands the adapter: its folders, mapping, options and the plugin context's services. */
export interface CsvInboxDeps {
  readonly folders: CsvFolders;
  readonly mapping: CsvMapping;
  readonly options: CsvOptions;
  readonly submit: GatewayFacade['submit'];
  readonly logger: PluginLogger;
  readonly clock: Clock;
  /** The instance's records in the gateway's store: which invoices any instance wrote to its purchase register. */
  readonly storage?: PluginStorage;
}

/**
 * A folder of CSV exports as an ERP. Each poll takes the complete files of the inbox and hands their invoices to
 * the gateway as drafts (itself, streaming, a bounded number at a time), then archives them; outcomes update the
 * drop's results file and write UPOs named by KSeF number. `poll` returns nothing: the documents are already in.
 */
export class CsvInbox implements ErpAdapter {
  private readonly ledger: Ledger;
  private readonly publisher: ResultsPublisher;
  private readonly taker: FileTaker;
  private readonly runner: DropRunner;
  private readonly register?: PurchaseRegister;
  /** Halves of header + lines pairs waiting for their other half: name -> first seen complete (ms). */
  private readonly waitingSince = new Map<string, number>();

  constructor(private readonly deps: CsvInboxDeps) {
    this.ledger = new Ledger(deps.folders.state);
    this.publisher = new ResultsPublisher(deps.folders.out, this.ledger, deps.options.results, deps.mapping.headerRow, deps.logger, deps.options.resultsDelayMs);
    this.taker = new FileTaker(deps.folders.inbox, deps.options, () => deps.clock.now().getTime());
    this.runner = new DropRunner({ ...deps, ledger: this.ledger, publisher: this.publisher });
    if (deps.folders.purchaseRegister) {
      this.register = new PurchaseRegister(deps.folders.purchaseRegister, deps.options.results.delimiter ?? ';', deps.storage, () => deps.clock.now());
    }
  }

  async start(): Promise<void> {
    const f = this.deps.folders;
    for (const dir of [f.inbox, f.archive, f.out, f.upo, f.failed, f.state]) await mkdir(dir, { recursive: true });
    await this.ledger.load();
    // Outcomes recorded just before a crash may not have reached the results files yet.
    for (const manifest of this.ledger.manifests()) this.publisher.publish([manifest.name], true);
  }

  async stop(): Promise<void> {
    await this.publisher.stop();
  }

  async poll(): Promise<readonly ErpDocument[]> {
    const complete = await this.taker.completeFiles();
    const abandoned = this.abandonedHalves(complete);
    if (complete.length === 0) return [];
    const present = new Set(await readdir(this.deps.folders.inbox));
    for (const drop of [...pairDrops(complete, this.deps.mapping, this.deps.folders.inbox), ...abandoned]) {
      const markers = drop.names.map((n) => this.taker.markerOf(n, present)).filter((m): m is string => m !== undefined);
      await this.runner.run(drop, markers);
      for (const n of drop.names) this.taker.forget(n);
    }
    return [];
  }

  /**
   * Halves of header + lines pairs that have waited `pairWaitMs` for their other half: they go to `failed/` with the
   * name of the file they lack, rather than lie in the inbox unnoticed. The wait counts from this process's first
   * sight of the half (after a restart it starts again).
   */
  private abandonedHalves(complete: readonly string[]): ReadyDrop[] {
    const now = this.deps.clock.now().getTime();
    const lone = loneHalves(complete, this.deps.mapping);
    const still = new Set(lone.map((h) => h.name));
    for (const name of this.waitingSince.keys()) if (!still.has(name)) this.waitingSince.delete(name);
    const out: ReadyDrop[] = [];
    for (const half of lone) {
      const since = this.waitingSince.get(half.name) ?? now;
      this.waitingSince.set(half.name, since);
      if (now - since < this.deps.options.pairWaitMs) continue;
      this.waitingSince.delete(half.name);
      out.push(abandonedHalf(half, now - since));
    }
    return out;
  }

  async deliver(outcome: Outcome): Promise<void> {
    if (outcome.kind === 'accepted') {
      const upoFile = `upo/${safeName(outcome.ksefNumber)}.xml`;
      await writeFileAtomic(join(this.deps.folders.out, upoFile), outcome.upoXml);
      await this.ledger.recordOutcome({ erpId: outcome.erpId, kind: 'accepted', ksefNumber: outcome.ksefNumber, acquisitionDate: outcome.acquisitionDate, upoFile });
    } else {
      await this.ledger.recordOutcome({ erpId: outcome.erpId, kind: 'rejected', errors: outcome.errors.map(toResultError) });
    }
    const drops = this.ledger.dropsWith(outcome.erpId).map((m) => m.name);
    if (this.deps.options.resultsDelayMs === 0) await this.publisher.flush(drops, outcome.kind === 'rejected');
    else this.publisher.publish(drops, outcome.kind === 'rejected');
  }

  /** A received invoice becomes one row of the purchase register (once, however often it is delivered). */
  async receive(invoice: InboundInvoice): Promise<void> {
    await this.register?.append(invoice);
  }

  async check(): Promise<HealthStatus> {
    try {
      await access(this.deps.folders.inbox, constants.R_OK | constants.W_OK);
      await access(this.deps.folders.out, constants.W_OK);
      return { status: 'up' };
    } catch (err) {
      return { status: 'down', detail: `CSV folders not usable: ${(err as Error).message}` };
    }
  }
}

/** KSeF numbers are plain (`5265877635-20260202-0100001AF629-AF`); anything else is made a plain file name. */
function safeName(text: string): string {
  return text.replace(/[^\w.-]/g, '_');
}
