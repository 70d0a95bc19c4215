import { join } from 'node:path';
import iconv from 'iconv-lite';
import { writeFileAtomic } from '../writeFileAtomic.js';
import type { DropManifest, Ledger } from './Ledger.js';
import { renderRejected } from './renderRejected.js';
import { renderResults } from './renderResults.js';

interface Waiter { resolve(): void; reject(err: unknown): void }

/**
 * Writes `out/<drop>.results.csv` (and `<file>.rejected.csv` when failures changed), atomically, coalescing the
 * outcomes that arrive together into one rewrite per file: a caller's promise resolves once a write that includes
 * its change is on disk, so `deliver` acknowledges nothing that a crash could lose.
 */
export class ResultsPublisher {
  private dirty = new Map<string, boolean>();
  private waiters: Waiter[] = [];
  private running?: Promise<void>;

  constructor(private readonly out: string, private readonly ledger: Ledger, private readonly format: { encoding?: string; delimiter?: string }, private readonly headerRow: boolean) {}

  publish(drops: readonly string[], rejectedChanged: boolean): Promise<void> {
    if (drops.length === 0) return Promise.resolve();
    for (const d of drops) this.dirty.set(d, (this.dirty.get(d) ?? false) || rejectedChanged);
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.kick();
    return done;
  }

  private kick(): void {
    if (this.running) return;
    this.running = (async () => {
      await new Promise((r) => setImmediate(r)); // let the outcomes of this turn join the write
      while (this.dirty.size > 0) {
        const batch = this.dirty;
        const waiters = this.waiters;
        this.dirty = new Map();
        this.waiters = [];
        try {
          for (const [name, rejected] of batch) {
            const manifest = this.ledger.manifest(name);
            if (manifest) await this.write(manifest, rejected);
          }
          for (const w of waiters) w.resolve();
        } catch (err) {
          for (const w of waiters) w.reject(err);
        }
      }
    })().finally(() => {
      this.running = undefined;
      if (this.dirty.size > 0) this.kick();
    });
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
