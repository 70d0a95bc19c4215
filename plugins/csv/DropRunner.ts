import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Clock, ErpDocument, GatewayFacade, InvoiceDraft, PluginLogger, Receipt } from '../../core/plugin-api/index.js';
import type { CsvFolders } from './CsvFolders.js';
import type { CsvOptions } from './CsvOptions.js';
import type { CsvMapping } from './mapping/CsvMapping.js';
import type { CsvInvoice } from './mapping/InvoiceBuilder.js';
import { CsvFileError } from './reading/CsvFileError.js';
import { readInvoices } from './reading/readInvoices.js';
import type { DropDocument, DropManifest, Ledger } from './results/Ledger.js';
import type { ResultsPublisher } from './results/ResultsPublisher.js';
import { rowResultError, toResultError } from './results/toResultError.js';
import type { ReadyDrop } from './taking/pairDrops.js';
import { writeFileAtomic } from './writeFileAtomic.js';

export interface DropRunnerDeps {
  readonly folders: CsvFolders;
  readonly mapping: CsvMapping;
  readonly options: Pick<CsvOptions, 'concurrency' | 'urgent'>;
  readonly submit: GatewayFacade['submit'];
  readonly logger: PluginLogger;
  readonly clock: Clock;
  readonly ledger: Ledger;
  readonly publisher: ResultsPublisher;
}

/**
 * Takes one drop: reads its invoices, hands the good ones to the gateway as drafts (at most `concurrency` at a
 * time), records every document with its state or reasons, archives the files and publishes the results. A file
 * that cannot be read at all goes to `failed/` with `<name>.error.txt`. A failure of the gateway itself (not of the
 * data) leaves the files in the inbox for the next round: submitting again is harmless, the ERP ids are the same.
 */
export class DropRunner {
  constructor(private readonly deps: DropRunnerDeps) {}

  async run(ready: ReadyDrop, markers: readonly string[]): Promise<void> {
    const { folders, logger } = this.deps;
    if (ready.fault) {
      await this.fail(ready, ready.fault);
      return;
    }
    if (!ready.drop) {
      await this.fail(ready, new CsvFileError('GW_CSV_MALFORMED', `matches neither ${this.deps.mapping.files.header} nor ${this.deps.mapping.files.lines} (layout header-lines)`, ready.name));
      return;
    }
    const day = this.deps.clock.now().toLocaleDateString('sv');
    const archiveDir = join(folders.archive, day);
    const manifest: DropManifest = { name: ready.name, files: [], droppedAt: this.deps.clock.now().toISOString(), documents: [], fileErrors: [] };
    const archived = new Map<string, string>();
    for (const n of ready.names) archived.set(n, await freeName(archiveDir, n));
    const files = manifest.files as DropManifest['files'][number][];
    let counts = { invoices: 0, invalid: 0 };
    try {
      const invoices = readInvoices(ready.drop, this.deps.mapping, (f) => {
        files.push({ name: f.name, archived: archived.get(f.name)!, encoding: f.dialect.encoding, delimiter: f.dialect.delimiter });
      });
      this.deps.ledger.index(manifest);
      counts = await this.submitAll(invoices, manifest);
    } catch (err) {
      if (err instanceof CsvFileError) {
        await this.fail(ready, err);
        return;
      }
      throw err;
    }
    await mkdir(archiveDir, { recursive: true });
    await this.deps.ledger.saveManifest(manifest);
    for (const n of ready.names) await rename(join(folders.inbox, n), archived.get(n)!);
    for (const m of markers) await rm(join(folders.inbox, m), { force: true });
    await this.deps.publisher.flush([manifest.name], true);
    logger.info({ file: ready.name, ...counts }, 'CSV file taken');
  }

  private async submitAll(invoices: AsyncIterable<CsvInvoice>, manifest: DropManifest): Promise<{ invoices: number; invalid: number }> {
    const inFlight = new Set<Promise<void>>();
    let failure: unknown;
    let invalid = 0;
    const fileIndex = (name: string) => manifest.files.findIndex((f) => f.name === name);
    for await (const invoice of invoices) {
      const erpId = invoice.context === '' ? invoice.docId : `${invoice.context}/${invoice.docId}`;
      const document: DropDocument = { erpId, docId: invoice.docId, state: 'invalid', errors: invoice.errors.map(rowResultError), rows: invoice.rows.map((r) => [fileIndex(r.file), r.row] as const) };
      manifest.documents.push(document);
      this.deps.ledger.addDocument(manifest, document);
      if (invoice.errors.length > 0) { invalid += 1; continue; }
      const task = this.submitOne(erpId, invoice, document).then((ok) => { if (!ok) invalid += 1; }, (err: unknown) => { failure ??= err; });
      inFlight.add(task);
      void task.finally(() => inFlight.delete(task));
      if (inFlight.size >= this.deps.options.concurrency) await Promise.race(inFlight);
      if (failure !== undefined) break;
    }
    await Promise.all(inFlight);
    if (failure !== undefined) throw failure;
    return { invoices: manifest.documents.length, invalid };
  }

  /** False when the gateway refused the document as invalid. */
  private async submitOne(erpId: string, invoice: CsvInvoice, document: DropDocument): Promise<boolean> {
    const doc: ErpDocument = { erpId, urgent: this.deps.options.urgent, payload: { format: 'draft', draft: invoice.draft as unknown as InvoiceDraft, sources: invoice.sources } };
    let receipt: Receipt;
    try {
      receipt = await this.deps.submit(doc);
    } catch (err) {
      if ((err as { kind?: string }).kind !== 'data') throw err;
      const e = err as { code?: string; message: string };
      document.errors = [{ code: e.code ?? 'GW_CSV_REFUSED', message: e.message }];
      return false;
    }
    document.state = receipt.state;
    document.errors = (receipt.errors ?? []).map(toResultError);
    return receipt.state !== 'invalid';
  }

  private async fail(ready: ReadyDrop, err: CsvFileError): Promise<void> {
    const { folders, logger } = this.deps;
    logger.warn({ file: ready.name, code: err.code, reason: err.message }, 'CSV file refused');
    for (const n of ready.names) {
      const target = await freeName(folders.failed, n);
      await rename(join(folders.inbox, n), target).catch(() => undefined);
      await writeFileAtomic(`${target}.error.txt`, `${err.code}: ${err.message}\n`);
    }
  }
}

/** `dir/name`, or `dir/<stem>.<n>.<ext>` when a file of that name is already there (the same file dropped twice). */
async function freeName(dir: string, name: string): Promise<string> {
  const ext = extname(name);
  for (let n = 0; ; n++) {
    const candidate = join(dir, n === 0 ? name : `${name.slice(0, name.length - ext.length)}.${n}${ext}`);
    if (!(await stat(candidate).catch(() => undefined))) return candidate;
  }
}
