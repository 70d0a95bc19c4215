import type { DraftSources, SourceLocation } from '../../plugin-api/SourceLocation.js';
import type { Faktura } from '../model/Faktura.js';
import type { Fa3XsdValidator } from '../validation/Fa3XsdValidator.js';
import type { ValidationIssue } from '../validation/ValidationIssue.js';
import { validateFa3 } from '../validation/validateFa3.js';
import { buildDraft, locateIssues, withSources, type BuildDraftOptions } from './buildDraft.js';

export interface ValidateDraftOptions extends BuildDraftOptions {
  readonly xsd?: Fa3XsdValidator;
  readonly sources?: DraftSources;
}

export type LocatedIssue = ValidationIssue & { readonly source?: SourceLocation };

export interface DraftValidation {
  readonly valid: boolean;
  /** The FA(3) XML; present when the draft could be completed, valid or not. */
  readonly xml?: string;
  readonly invoice?: Faktura;
  readonly issues: LocatedIssue[];
}

/**
 * The whole check of a draft in this process: completion, FA(3) build, then file checks, XSD (when given) and
 * business rules on the model just built (no second parse). Every finding carries its FA(3) path, draft field and
 * the plugin's source location.
 */
export async function validateDraft(input: unknown, opts: ValidateDraftOptions = {}): Promise<DraftValidation> {
  const built = await buildDraft(input, opts);
  const fa3 = built.xml !== undefined ? validateFa3(built.xml, { xsd: opts.xsd, now: opts.now, invoice: built.invoice }).issues : [];
  const issues = withSources(locateIssues(built.issues, fa3, built.fields), opts.sources);
  return { valid: built.xml !== undefined && !issues.some((i) => i.severity === 'error'), xml: built.xml, invoice: built.invoice, issues };
}
