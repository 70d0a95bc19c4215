import type { ServiceIdentifier } from 'inversify';
import type { ErpDocument, OutcomeError } from '../../plugin-api/types.js';
import type { DuplicateKey } from './SubmissionStore.js';

/** The exact bytes that will go to KSeF, and what the pipeline needs to know about them. */
export interface PreparedDocument {
  readonly xml: Buffer;
  /** The KSeF context the invoice is sent in (the seller's NIP unless configured otherwise). */
  readonly contextNip: string;
  readonly key: DuplicateKey;
  /** P_1 as YYYY-MM-DD. */
  readonly issueDate: string;
  /** The invoice carries a Zalacznik: batch only (DECISIONS.md 12). */
  readonly hasAttachment: boolean;
}

export type PrepareResult =
  | { readonly ok: true; readonly document: PreparedDocument; readonly warnings?: readonly OutcomeError[] }
  | { readonly ok: false; readonly errors: readonly OutcomeError[]; readonly contextNip?: string; readonly warnings?: readonly OutcomeError[] };

/**
 * Builds (from a draft or canonical JSON) or takes (ready XML) the FA(3) bytes once, and validates them. Never
 * throws for bad data. `source` is the submitting plugin instance (drafts reference earlier invoices by its ERP ids).
 */
export interface DocumentPreparer {
  prepare(document: ErpDocument, source?: string): Promise<PrepareResult>;
}

export const DOCUMENT_PREPARER = Symbol.for('ksef-gateway/pipeline/DocumentPreparer') as ServiceIdentifier<DocumentPreparer>;
