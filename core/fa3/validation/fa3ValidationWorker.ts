import { workerData } from 'node:worker_threads';
import { Fa3XsdValidator } from './Fa3XsdValidator.js';
import { validateFa3, type Fa3ValidationResult } from './validateFa3.js';

/** What the pool hands a worker thread: its own schema copy is compiled from `schemasDir` (not shareable across threads). */
export interface Fa3ValidationWorkerData {
  readonly schemasDir?: string;
}

export interface Fa3ValidationTask {
  readonly xml: string;
  /** Epoch ms of the caller's clock, for "P_1 not in the future". */
  readonly now: number;
  readonly documentName?: string;
}

const { schemasDir } = (workerData ?? {}) as Fa3ValidationWorkerData;
const xsd = schemasDir ? await Fa3XsdValidator.load(schemasDir) : undefined;

/** One document's result, or what validateFa3 threw (a bug, not a bad document: those are issues). */
export type Fa3ValidationSettled = { readonly result: Fa3ValidationResult } | { readonly error: unknown };

/** Several documents per task: one hand-off between threads costs about as much as validating a small invoice. */
export default function validateInWorker(tasks: readonly Fa3ValidationTask[]): Fa3ValidationSettled[] {
  return tasks.map((task) => {
    try {
      return { result: validateFa3(task.xml, { xsd, now: new Date(task.now), documentName: task.documentName }) };
    } catch (error) {
      return { error };
    }
  });
}
