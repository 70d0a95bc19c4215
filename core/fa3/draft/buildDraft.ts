import { sourceFor, type DraftSources } from '../../plugin-api/SourceLocation.js';
import { GatewayError } from '../../errors/GatewayError.js';
import { writeFa3 } from '../Fa3Writer.js';
import type { Faktura } from '../model/Faktura.js';
import type { ValidationIssue } from '../validation/ValidationIssue.js';
import { completeDraft } from './completeDraft.js';
import { draftIssue } from './draftIssue.js';
import { FieldMap } from './FieldMap.js';
import { readDraft } from './readDraft.js';
import { resolveReferences, type ErpIdResolver } from './resolveReferences.js';

export interface BuildDraftOptions {
  readonly now?: Date;
  /** Resolves `{ erpId }` references through the gateway's store; without it they are reported unresolved. */
  readonly resolveErpId?: ErpIdResolver;
}

export interface BuiltDraft {
  /** The FA(3) XML, when the draft could be completed and written (it may still fail the FA(3) checks). */
  readonly xml?: string;
  readonly invoice?: Faktura;
  readonly fields: FieldMap;
  /** Findings about the draft itself (shape, consistency, references). */
  readonly issues: ValidationIssue[];
}

/**
 * Draft JSON -> shape check -> references -> completion -> FA(3) XML. Every problem is collected; XML is produced
 * only when no draft finding is an error (a half-complete invoice is never written).
 */
export async function buildDraft(input: unknown, opts: BuildDraftOptions = {}): Promise<BuiltDraft> {
  const read = readDraft(input);
  if (!read.draft) return { fields: new FieldMap(), issues: read.issues };
  const { refs, issues: refIssues } = await resolveReferences(read.draft, opts.resolveErpId);
  const done = completeDraft(read.draft, { now: opts.now ?? new Date(), refs });
  const issues = [...refIssues, ...done.issues];
  if (issues.some((i) => i.severity === 'error')) return { fields: done.fields, issues };
  try {
    return { xml: writeFa3(done.invoice, { documentName: read.draft.number }), invoice: done.invoice, fields: done.fields, issues };
  } catch (err) {
    if (!GatewayError.is(err)) throw err;
    const location = err.location ?? '';
    return { fields: done.fields, issues: [...issues, { ...draftIssue(err.code, done.fields.pointerFor(location) ?? '', err.message, location) }] };
  }
}

/**
 * Gives FA(3) findings the draft field they concern; drops an FA(3) finding about a field that already has a draft
 * error (the draft's own message says it better), so each problem is reported once.
 */
export function locateIssues(draftIssues: readonly ValidationIssue[], fa3Issues: readonly ValidationIssue[], fields: FieldMap): ValidationIssue[] {
  const flagged = new Set(draftIssues.filter((i) => i.severity === 'error').map((i) => i.field));
  const located = fa3Issues.map((i) => (i.field !== undefined ? i : { ...i, field: fields.pointerFor(i.location) }));
  return [...draftIssues, ...located.filter((i) => i.field === undefined || !flagged.has(i.field))];
}

/** The plugin's source for each finding's draft field. */
export function withSources<T extends { readonly field?: string }>(issues: readonly T[], sources: DraftSources | undefined): T[] {
  if (!sources) return [...issues];
  return issues.map((i) => {
    const source = i.field !== undefined ? sourceFor(sources, i.field) : undefined;
    return source ? { ...i, source } : i;
  });
}
