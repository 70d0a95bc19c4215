import type { Fa3XsdValidator } from '../validation/Fa3XsdValidator.js';
import type { ValidationIssue } from '../validation/ValidationIssue.js';
import { validateFa3 } from '../validation/validateFa3.js';
import { buildDraft, locateIssues } from './buildDraft.js';

/** The routing fields of the invoice written from a draft (the pipeline's duplicate key, P_1, attachment). */
export interface PreparedDraftFacts {
  readonly sellerNip: string;
  readonly invoiceKind: string;
  readonly invoiceNumber: string;
  readonly issueDate: string;
  readonly hasAttachment: boolean;
}

/**
 * A draft completed, written to FA(3) and validated, as plain data: it crosses from a validation thread to the
 * event loop without the model, whose copy between threads would cost as much as the rules.
 */
export interface PreparedDraft {
  /** The FA(3) XML, when the draft could be completed and written (valid or not). */
  readonly xml?: string;
  /** Findings about the draft itself. */
  readonly draftIssues: readonly ValidationIssue[];
  /** FA(3) findings (file, XSD, rules) with their draft field; none about a field that already has a draft error. */
  readonly fa3Issues: readonly ValidationIssue[];
  /** validateFa3's verdict on the FA(3) findings, before any rule policy. */
  readonly fa3Valid: boolean;
  /** Absent when the model lacks one of them (the XML is then read for the precise error). */
  readonly facts?: PreparedDraftFacts;
}

/**
 * Whether completing this draft needs the gateway's store: only invoice references by ERP id do (corrections,
 * advances). Judged on the raw input, before its shape is checked, and on the safe side: any field that may hold
 * such a reference sends the draft the store's way.
 */
export function draftNeedsStore(input: unknown): boolean {
  if (typeof input !== 'object' || input === null) return false;
  return 'correction' in input || 'advances' in input || 'earlierAdvances' in input;
}

/**
 * Completion, FA(3) build, then file checks, XSD (when given) and rules on the model just built (no second parse),
 * for a draft that needs no store (draftNeedsStore): the same findings as buildDraft followed by validateFa3.
 */
export async function prepareDraft(input: unknown, opts: { readonly xsd?: Fa3XsdValidator; readonly now: Date }): Promise<PreparedDraft> {
  const built = await buildDraft(input, { now: opts.now });
  if (built.xml === undefined || built.invoice === undefined) return { draftIssues: built.issues, fa3Issues: [], fa3Valid: false };
  const fa3 = validateFa3(built.xml, { xsd: opts.xsd, now: opts.now, invoice: built.invoice });
  // locateIssues puts the draft's own findings first, then the FA(3) findings it kept.
  const fa3Issues = locateIssues(built.issues, fa3.issues, built.fields).slice(built.issues.length);
  const f = built.invoice;
  const seller = f.Podmiot1?.DaneIdentyfikacyjne?.NIP;
  const facts = seller && f.Fa?.P_2 && f.Fa.RodzajFaktury && f.Fa.P_1
    ? { sellerNip: seller, invoiceKind: f.Fa.RodzajFaktury, invoiceNumber: f.Fa.P_2, issueDate: f.Fa.P_1, hasAttachment: f.Zalacznik !== undefined }
    : undefined;
  return { xml: built.xml, draftIssues: built.issues, fa3Issues, fa3Valid: fa3.valid, ...(facts && { facts }) };
}
