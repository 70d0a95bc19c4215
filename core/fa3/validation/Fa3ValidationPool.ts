import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { Fa3ValidationTask, Fa3ValidationWorkerData } from './fa3ValidationWorker.js';
import type { Fa3ValidationResult } from './validateFa3.js';

export interface Fa3ValidationPoolOptions {
  /** Folder with fa3/ (the official XSDs); without it the workers run the file checks and business rules only. */
  readonly schemasDir?: string;
  readonly threads: number;
}

const WORKER = new URL('./fa3ValidationWorker.js', import.meta.url);

/**
 * FA(3) validation (file checks, XSD, read, rules: about 2 ms of CPU for a ten-line invoice) on worker threads, so
 * that the gateway's event loop keeps sending, polling and delivering while documents arrive, and validation uses
 * the cores the event loop cannot. Each thread compiles its own schema once at start.
 */
export class Fa3ValidationPool {
  /** Started on the first document: commands that never validate (status, token ...) start no thread. */
  private pool?: Piscina<Fa3ValidationTask, Fa3ValidationResult>;

  constructor(private readonly options: Fa3ValidationPoolOptions) {}

  private started(): Piscina<Fa3ValidationTask, Fa3ValidationResult> {
    const data: Fa3ValidationWorkerData = { schemasDir: this.options.schemasDir };
    this.pool ??= new Piscina({
      filename: WORKER.href, minThreads: this.options.threads, maxThreads: this.options.threads, workerData: data,
      // Idle threads stay: compiling the schema again costs more than a sleeping thread.
      idleTimeout: Number.POSITIVE_INFINITY,
    });
    return this.pool;
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

  /** Threads running now (none before the first document). */
  get threads(): number {
    return this.pool?.threads.length ?? 0;
  }

  validate(xml: string, opts: { now?: Date; documentName?: string } = {}): Promise<Fa3ValidationResult> {
    return this.started().run({ xml, now: (opts.now ?? new Date()).getTime(), documentName: opts.documentName });
  }

  /** Waits for the tasks in flight, then ends the threads. */
  async close(): Promise<void> {
    await this.pool?.close();
  }
}
