import { readFileSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { GatewayError } from '../../errors/GatewayError.js';
import { prepareDraft, type PreparedDraft } from '../draft/prepareDraft.js';
import { Fa3XsdValidator } from './Fa3XsdValidator.js';
import { validateFa3, type Fa3ValidationResult } from './validateFa3.js';

/** What the pool hands a worker thread: its own schema copy is compiled from `schemasDir` (not shareable across threads). */
export interface Fa3ValidationWorkerData {
  readonly schemasDir?: string;
}

export type Fa3ValidationTask = Fa3DocumentTask | Fa3DraftTask;

export interface Fa3DocumentTask {
  /** The document, or `file`: a path the thread reads itself (the calling thread then only hands over names). */
  readonly xml?: string;
  readonly file?: string;
  /** Epoch ms of the caller's clock, for "P_1 not in the future". */
  readonly now: number;
  readonly documentName?: string;
}

/** A draft that needs no store (draftNeedsStore), completed, written and validated here (prepareDraft). */
export interface Fa3DraftTask {
  readonly draft: unknown;
  readonly now: number;
}

const { schemasDir } = (workerData ?? {}) as Fa3ValidationWorkerData;
const xsd = schemasDir ? await Fa3XsdValidator.load(schemasDir) : undefined;

/** One document's result, or what validateFa3 threw (a bug, not a bad document: those are issues). */
export type Fa3ValidationSettled =
  | { readonly result: Fa3ValidationResult }
  | { readonly error: unknown }
  /** A `file` task whose file could not be read: the reason, e.g. `no such file`. */
  | { readonly unreadable: string }
  | { readonly prepared: PreparedDraft };

/** Several documents per task: one hand-off between threads costs about as much as validating a small invoice. */
export default async function validateInWorker(tasks: readonly Fa3ValidationTask[]): Promise<Fa3ValidationSettled[]> {
  const settled: Fa3ValidationSettled[] = [];
  for (const task of tasks) settled.push('draft' in task ? await prepareInWorker(task) : validateOne(task));
  return settled;
}

async function prepareInWorker(task: Fa3DraftTask): Promise<Fa3ValidationSettled> {
  try {
    return { prepared: await prepareDraft(task.draft, { xsd, now: new Date(task.now) }) };
  } catch (error) {
    return { error: portable(error) };
  }
}

function validateOne(task: Fa3DocumentTask): Fa3ValidationSettled {
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
    return { error: portable(error) };
  }
}

/** A GatewayError as plain fields: a message between threads keeps an Error's message and stack, not its code and kind (GatewayError.revive makes it whole). */
function portable(error: unknown): unknown {
  if (!GatewayError.is(error)) return error;
  const { name, message, stack, code, kind, location, details } = error;
  return { name, message, stack, code, kind, location, details };
}
