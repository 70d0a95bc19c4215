import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { GatewayError } from '../../errors/GatewayError.js';
import type { Fa3ValidationSettled, Fa3ValidationTask, Fa3ValidationWorkerData } from './fa3ValidationWorker.js';
import type { Fa3ValidationResult } from './validateFa3.js';
import type { PreparedDraft } from '../draft/prepareDraft.js';

export interface Fa3ValidationPoolOptions {
  /** Folder with fa3/ (the official XSDs); without it the workers run the file checks and business rules only. */
  readonly schemasDir?: string;
  readonly threads: number;
  /** Documents per hand-off at most (default 8: a slow task holds few back); bulk work such as `fa3 validate` takes more. */
  readonly maxPerTask?: number;
}

const WORKER = new URL('./fa3ValidationWorker.js', import.meta.url);
const MAX_PER_TASK = 8;
const YOUNG_GENERATION_MB = 8;

/**
 * FA(3) validation (file checks, XSD, read, rules: about 2 ms of CPU for a ten-line invoice) on worker threads, so
 * that the gateway's event loop keeps sending, polling and delivering while documents arrive, and validation uses
 * the cores the event loop cannot. Each thread compiles its own schema once at start.
 */
export class Fa3ValidationPool {
  /** Started on the first document: commands that never validate (status, token ...) start no thread. */
  private pool?: Piscina<readonly Fa3ValidationTask[], Fa3ValidationSettled[]>;
  private waiting: { readonly task: Fa3ValidationTask; resolve(r: Fa3ValidationSettled): void; reject(e: unknown): void }[] = [];
  private scheduled = false;
  private inFlight = 0;
  private closing = false;

  constructor(private readonly options: Fa3ValidationPoolOptions) {}

  private started(): Piscina<readonly Fa3ValidationTask[], Fa3ValidationSettled[]> {
    if (this.pool) return this.pool;
    const pool = new Piscina<readonly Fa3ValidationTask[], Fa3ValidationSettled[]>({
      filename: WORKER.href, minThreads: this.options.threads, maxThreads: this.options.threads,
      workerData: { schemasDir: this.options.schemasDir } satisfies Fa3ValidationWorkerData,
      // Idle threads stay: compiling the schema again costs more than a sleeping thread.
      idleTimeout: Number.POSITIVE_INFINITY,
      // A document's garbage is small and short-lived: V8's default young generation (up to 16 MB per semi-space)
      // would let each thread's heap swell by tens of MB of garbage between scavenges.
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    // A thread that fails (a schema that does not compile, a thread out of memory) rejects the tasks it held, and
    // they carry its error to their callers; unheard, Piscina's 'error' event would end the process.
    pool.on('error', () => undefined);
    this.pool = pool;
    return pool;
  }

  /**
   * Worker threads run compiled JavaScript: from the TypeScript sources (ts-jest, tsc --watch free runs) there is no
   * worker file, and validation stays on the calling thread.
   */
  static available(): boolean {
    return WORKER.protocol === 'file:' && existsSync(fileURLToPath(WORKER));
  }

  /**
   * `auto`: one thread per core. Validation is most of a document's CPU; leaving a core to the event loop left it
   * half idle in `bench:pipeline` on 2 cores (200-240 invoices/s with 1 thread, 251-303/s with 2).
   */
  static threadsFor(setting: number | 'auto'): number {
    return setting === 'auto' ? Math.max(1, availableParallelism()) : setting;
  }

  /**
   * Starts the threads and waits until each has compiled its schema: a long-running gateway learns of a broken schema
   * installation when it starts, not at its first document, and its first documents wait for no compilation.
   */
  async start(): Promise<void> {
    const pool = this.started();
    try {
      await Promise.all(Array.from({ length: Math.max(1, this.options.threads) }, () => pool.run([])));
    } catch (err) {
      // The threads that failed are gone; close() would wait for them.
      await pool.destroy();
      this.pool = undefined;
      throw GatewayError.revive(err);
    }
  }

  /** Threads running now (none before the first document). */
  get threads(): number {
    return this.pool?.threads.length ?? 0;
  }

  /**
   * Documents asked for in one turn of the event loop go to the threads together, a few per task: each hand-off
   * between threads cost about 0.3 ms of CPU on our 2-core test VM, as much as validating a small invoice.
   */
  async validate(xml: string, opts: { now?: Date; documentName?: string } = {}): Promise<Fa3ValidationResult> {
    const settled = await this.settle({ xml, now: (opts.now ?? new Date()).getTime(), documentName: opts.documentName });
    if ('result' in settled) return settled.result;
    throw 'error' in settled ? settled.error : new Error('unreadable' in settled ? settled.unreadable : 'a document task settled without a result');
  }

  /**
   * A file, read and validated on a thread (`fa3 validate`: the calling thread only names files and prints), or the
   * reason it could not be read. The result carries the issues and the verdict, not the model.
   */
  async validateFile(file: string, opts: { now?: Date } = {}): Promise<{ result: Fa3ValidationResult } | { unreadable: string }> {
    const settled = await this.settle({ file, now: (opts.now ?? new Date()).getTime(), documentName: file });
    if ('error' in settled) throw settled.error;
    if ('prepared' in settled) throw new Error('a file task settled as a draft');
    return settled;
  }

  /**
   * A draft that needs no store (draftNeedsStore) completed, written and validated on a thread: the event loop only
   * hands over the draft and takes back the XML and the findings.
   */
  async prepareDraft(draft: unknown, opts: { now?: Date } = {}): Promise<PreparedDraft> {
    const settled = await this.settle({ draft, now: (opts.now ?? new Date()).getTime() });
    if ('prepared' in settled) return settled.prepared;
    throw 'error' in settled ? settled.error : new Error('a draft task settled without a result');
  }

  private settle(task: Fa3ValidationTask): Promise<Fa3ValidationSettled> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ task, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => { this.scheduled = false; this.dispatch(); });
      }
    });
  }

  /**
   * Hands waiting documents to the threads, at most two tasks per thread in flight (one running, one queued behind
   * it, so no thread waits for the event loop). Documents that arrive while the threads are busy wait here and leave
   * together when a task comes back: under load each hand-off carries several documents, one at a time when idle.
   */
  private dispatch(): void {
    const pool = this.waiting.length > 0 ? this.started() : undefined;
    const threads = Math.max(1, this.options.threads);
    while (pool && this.waiting.length > 0 && (this.closing || this.inFlight < 2 * threads)) {
      // Spread over every thread, but never so many per task that one slow task holds many documents back.
      const perTask = Math.min(this.options.maxPerTask ?? MAX_PER_TASK, Math.ceil(this.waiting.length / threads));
      const chunk = this.waiting.splice(0, perTask);
      this.inFlight += 1;
      // Errors come back from the threads as plain fields: made GatewayErrors again here, once for every caller.
      pool.run(chunk.map((w) => w.task)).then(
        (settled) => chunk.forEach((w, j) => { const s = settled[j]; w.resolve('error' in s ? { error: GatewayError.revive(s.error) } : s); }),
        (err: unknown) => chunk.forEach((w) => w.reject(GatewayError.revive(err))),
      ).finally(() => {
        this.inFlight -= 1;
        this.dispatch();
      });
    }
  }

  /** Sends what still waits, waits for the tasks in flight, then ends the threads. */
  async close(): Promise<void> {
    this.closing = true;
    this.dispatch();
    await this.pool?.close();
  }
}
