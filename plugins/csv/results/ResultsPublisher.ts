import { join } from 'node:path';
import iconv from 'iconv-lite';
import type { PluginLogger } from '../../../core/plugin-api/index.js';
import { writeFileAtomic } from '../writeFileAtomic.js';
import type { DropManifest, Ledger } from './Ledger.js';
import { renderRejected } from './renderRejected.js';
import { renderResults } from './renderResults.js';

/**
 * Writes `out/<drop>.results.csv` (and `<file>.rejected.csv` when failures changed), atomically. Outcomes arrive
 * one by one; a drop's files are rewritten at most once per `delayMs` with everything that arrived meanwhile (a
 * rewrite per outcome would cost a 10,000-invoice file 10,000 rewrites). The results are derived from the ledger,
 * which holds every outcome durably before `deliver` returns, so a crash loses no result: `start` rewrites them.
 */
export class ResultsPublisher {
  private dirty = new Map<string, boolean>();
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly out: string, private readonly ledger: Ledger, private readonly format: { encoding?: string; delimiter?: string },
    private readonly headerRow: boolean, private readonly logger: PluginLogger, private readonly delayMs = 500) {}

  /** Marks drops for a rewrite within `delayMs`. */
  publish(drops: readonly string[], rejectedChanged: boolean): void {
    for (const d of drops) this.dirty.set(d, (this.dirty.get(d) ?? false) || rejectedChanged);
    if (this.dirty.size > 0 && !this.timer) {
      this.timer = setTimeout(() => { this.timer = undefined; void this.flush().catch((err: unknown) => this.logger.warn({ err }, 'CSV results not written; retrying')); }, this.delayMs);
      this.timer.unref();
    }
  }

  /** Writes every pending drop now (and `drops`, if given); resolves once they are on disk. */
  flush(drops: readonly string[] = [], rejectedChanged = false): Promise<void> {
    for (const d of drops) this.dirty.set(d, (this.dirty.get(d) ?? false) || rejectedChanged);
    const run = this.flushing.then(() => this.writeDirty());
    this.flushing = run.catch(() => undefined);
    return run;
  }

  stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    return this.flush();
  }

  private async writeDirty(): Promise<void> {
    const batch = this.dirty;
    this.dirty = new Map();
    for (const [name, rejected] of batch) {
      const manifest = this.ledger.manifest(name);
      try {
        if (manifest) await this.write(manifest, rejected);
      } catch (err) {
        for (const [n, r] of batch) if (!this.dirty.has(n)) this.dirty.set(n, r); // keep them for the next attempt
        this.publish([], false);
        throw err;
      }
      batch.delete(name);
    }
  }

  private async write(manifest: DropManifest, rejected: boolean): Promise<void> {
    const first = manifest.files[0];
    const encoding = this.format.encoding ?? first?.encoding ?? 'utf-8';
    const delimiter = this.format.delimiter ?? first?.delimiter ?? ';';
    await writeFileAtomic(join(this.out, `${manifest.name}.results.csv`), iconv.encode(renderResults(manifest, this.ledger, delimiter), encoding));
    if (!rejected) return;
    for (let i = 0; i < manifest.files.length; i++) {
      const text = await renderRejected(manifest, i, this.ledger, this.headerRow);
      if (text !== undefined) await writeFileAtomic(join(this.out, `${manifest.files[i].name}.rejected.csv`), iconv.encode(text, manifest.files[i].encoding));
    }
  }
}
