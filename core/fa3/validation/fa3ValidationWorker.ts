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

/** One document, exactly as `validateFa3` in the caller's thread would validate it. */
export default function validateInWorker(task: Fa3ValidationTask): Fa3ValidationResult {
  return validateFa3(task.xml, { xsd, now: new Date(task.now), documentName: task.documentName });
}
