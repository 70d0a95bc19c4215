import { appendFile, mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CsvDelimiter } from '../reading/detectDelimiter.js';
import type { CsvEncoding } from '../reading/detectEncoding.js';
import { writeFileAtomic } from '../writeFileAtomic.js';

/** One reason a document failed, ready for a results file: code, message and where (file row column, field). */
export interface ResultError { readonly code: string; readonly message: string; readonly where?: string }

/** A document of a drop as the plugin handed it over (or refused it before): its rows and its receipt's state. */
export interface DropDocument {
  readonly erpId: string;
  readonly docId: string;
  state: string;
  errors: readonly ResultError[];
  /** [index into DropManifest.files, row] of every row that fed the document. */
  readonly rows: readonly (readonly [number, number])[];
}

/** What one drop (a file, or a header file with its lines file) held, for its results and rejected files. */
export interface DropManifest {
  /** The drop's name: the input file's (the header file's for a header + lines drop). */
  readonly name: string;
  readonly files: readonly { readonly name: string; readonly archived: string; readonly encoding: CsvEncoding; readonly delimiter: CsvDelimiter }[];
  readonly droppedAt: string;
  readonly documents: DropDocument[];
  /** Faults of the whole drop that belong to no document (none when it was read). */
  readonly fileErrors: readonly ResultError[];
}

/** The final answer KSeF gave for a document, as the results files show it. */
export interface LedgerOutcome {
  readonly erpId: string;
  readonly kind: 'accepted' | 'rejected';
  readonly ksefNumber?: string;
  readonly acquisitionDate?: string;
  readonly upoFile?: string;
  readonly errors?: readonly ResultError[];
}

/**
 * The instance's memory, in its data folder: every outcome (an append-only log, so a re-dropped file reports the
 * KSeF numbers of invoices sent before) and the manifest of every drop (so results can be rewritten when outcomes
 * arrive, after a restart too). Manifests are replaced atomically; an outcome line is appended before `deliver`
 * acknowledges it.
 */
export class Ledger {
  private readonly outcomes = new Map<string, LedgerOutcome>();
  private readonly byName = new Map<string, DropManifest>();
  private readonly dropsOf = new Map<string, Set<string>>();
  private appending: Promise<void> = Promise.resolve();

  constructor(private readonly dir: string) {}

  async load(): Promise<void> {
    await mkdir(join(this.dir, 'drops'), { recursive: true });
    const log = await readFile(join(this.dir, 'outcomes.jsonl'), 'utf8').catch(() => '');
    for (const line of log.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const o = JSON.parse(line) as LedgerOutcome;
        this.outcomes.set(o.erpId, o);
      } catch { /* a line cut by a crash: the outcome is delivered again */ }
    }
    for (const name of await readdir(join(this.dir, 'drops'))) {
      if (!name.endsWith('.json')) continue;
      this.index(JSON.parse(await readFile(join(this.dir, 'drops', name), 'utf8')) as DropManifest);
    }
  }

  outcome(erpId: string): LedgerOutcome | undefined {
    return this.outcomes.get(erpId);
  }

  async recordOutcome(outcome: LedgerOutcome): Promise<void> {
    const write = this.appending.then(() => appendFile(join(this.dir, 'outcomes.jsonl'), `${JSON.stringify(outcome)}\n`));
    this.appending = write.catch(() => undefined);
    await write;
    this.outcomes.set(outcome.erpId, outcome);
  }

  /** Makes a drop known (before its documents are handed over, so outcomes that arrive early find it). */
  index(manifest: DropManifest): void {
    const old = this.byName.get(manifest.name);
    if (old) for (const d of old.documents) this.dropsOf.get(d.erpId)?.delete(old.name);
    this.byName.set(manifest.name, manifest);
    for (const d of manifest.documents) this.addDocument(manifest, d);
  }

  addDocument(manifest: DropManifest, document: DropDocument): void {
    let drops = this.dropsOf.get(document.erpId);
    if (!drops) this.dropsOf.set(document.erpId, (drops = new Set()));
    drops.add(manifest.name);
  }

  async saveManifest(manifest: DropManifest): Promise<void> {
    await writeFileAtomic(join(this.dir, 'drops', `${encodeURIComponent(manifest.name)}.json`), JSON.stringify(manifest));
  }

  manifests(): IterableIterator<DropManifest> {
    return this.byName.values();
  }

  manifest(name: string): DropManifest | undefined {
    return this.byName.get(name);
  }

  /** The drops whose results show this document. */
  dropsWith(erpId: string): DropManifest[] {
    return [...(this.dropsOf.get(erpId) ?? [])].map((n) => this.byName.get(n)!).filter(Boolean);
  }
}
