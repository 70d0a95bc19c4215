import { readFileSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { Fa3XsdValidator } from './Fa3XsdValidator.js';
import { validateFa3, type Fa3ValidationResult } from './validateFa3.js';

/** What the pool hands a worker thread: its own schema copy is compiled from `schemasDir` (not shareable across threads). */
export interface Fa3ValidationWorkerData {
  readonly schemasDir?: string;
}

export interface Fa3ValidationTask {
  /** The document, or `file`: a path the thread reads itself (the calling thread then only hands over names). */
  readonly xml?: string;
  readonly file?: string;
  /** Epoch ms of the caller's clock, for "P_1 not in the future". */
  readonly now: number;
  readonly documentName?: string;
}

const { schemasDir } = (workerData ?? {}) as Fa3ValidationWorkerData;
const xsd = schemasDir ? await Fa3XsdValidator.load(schemasDir) : undefined;

/** One document's result, or what validateFa3 threw (a bug, not a bad document: those are issues). */
export type Fa3ValidationSettled =
  | { readonly result: Fa3ValidationResult }
  | { readonly error: unknown }
  /** A `file` task whose file could not be read: the reason, e.g. `no such file`. */
  | { readonly unreadable: string };

/** Several documents per task: one hand-off between threads costs about as much as validating a small invoice. */
export default function validateInWorker(tasks: readonly Fa3ValidationTask[]): Fa3ValidationSettled[] {
  return tasks.map((task) => {
    let xml: string | Uint8Array;
    try {
      xml = task.file !== undefined ? readFileSync(task.file) : task.xml ?? '';
    } catch (err) {
      return { unreadable: (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message };
    }
    try {
      const result = validateFa3(xml, { xsd, now: new Date(task.now), documentName: task.documentName });
      // Whoever hands over a file wants the verdict, not the model: copying it between threads would cost more than the rules.
      return { result: task.file !== undefined ? { issues: result.issues, valid: result.valid } : result };
    } catch (error) {
      return { error };
    }
  });
}
