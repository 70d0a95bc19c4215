import type { GatewayError } from '../errors/GatewayError.js';
import type { BuiltDraft } from '../fa3/draft/buildDraft.js';
import { locateIssues, withSources } from '../fa3/draft/buildDraft.js';
import { draftNeedsStore, type PreparedDraft } from '../fa3/draft/prepareDraft.js';
import type { Faktura } from '../fa3/model/Faktura.js';
import { applyRulePolicy, type RulePolicy } from '../fa3/rules/RulePolicy.js';
import type { ValidationIssue } from '../fa3/validation/ValidationIssue.js';
import type { DraftSources } from '../plugin-api/SourceLocation.js';
import type { ErpDocument, OutcomeError } from '../plugin-api/types.js';
import type { DocumentPreparer, PrepareResult } from './ports/DocumentPreparer.js';
import { readInvoiceFacts, type InvoiceFacts } from './readInvoiceFacts.js';

export interface ValidationOutcome {
  readonly valid: boolean;
  readonly issues: readonly ValidationIssue[];
  /** The model the validator read; saves reading the routing fields a second time. */
  readonly invoice?: Faktura;
}

export interface Fa3DocumentPreparerOptions {
  /** Canonical JSON -> FA(3) XML, every unwritable value reported (tryWriteFa3). Without it, JSON documents are refused. */
  readonly write?: (invoice: unknown) => { xml: string } | { errors: readonly GatewayError[] };
  /** Draft -> FA(3) XML (buildDraft); `source` is the submitting plugin instance, whose ERP ids references name. Without it, drafts are refused. */
  readonly buildDraft?: (draft: unknown, source: string | undefined) => Promise<BuiltDraft>;
  /**
   * Completion, FA(3) build and validation in one step for a draft that needs no store (prepareDraft), on a
   * validation thread where there is one. Drafts that reference invoices by ERP id take `buildDraft` + `validate`.
   */
  readonly prepareDraft?: (draft: unknown) => Promise<PreparedDraft>;
  /** Full validation (engineer B's `validateFa3`); without it only the routing fields are checked. */
  readonly validate?: (xml: string) => ValidationOutcome | Promise<ValidationOutcome>;
  /** The KSeF context of a seller; default: the seller's own NIP. */
  readonly contextFor?: (sellerNip: string) => string;
  /**
   * Which business-rule findings block, per context (DECISIONS.md 19); default: every finding keeps the severity
   * the rule gave it (all errors, as against production).
   */
  readonly rulePolicy?: (contextNip: string) => RulePolicy;
}

/** The default preparer: the FA(3) bytes are made here once, and never rebuilt afterwards (DECISIONS.md 14). */
export class Fa3DocumentPreparer implements DocumentPreparer {
  constructor(private readonly options: Fa3DocumentPreparerOptions = {}) {}

  async prepare(document: ErpDocument, source?: string): Promise<PrepareResult> {
    const payload = document.payload;
    let xmlText: string;
    let draft: BuiltDraft | undefined;
    if (payload.format === 'fa3-xml') {
      xmlText = payload.xml;
    } else if (payload.format === 'draft' && this.options.prepareDraft && !draftNeedsStore(payload.draft)) {
      return this.prepared(await this.options.prepareDraft(payload.draft), payload.sources);
    } else if (payload.format === 'draft') {
      if (!this.options.buildDraft) return fail({ code: 'GW_PIPELINE_NO_DRAFTS', message: 'This gateway does not complete invoice drafts: no draft builder is configured' });
      draft = await this.options.buildDraft(payload.draft, source);
      if (draft.xml === undefined) return notCompleted(draft.issues, payload.sources);
      xmlText = draft.xml;
    } else if (this.options.write) {
      const written = this.options.write(payload.invoice);
      if ('errors' in written) {
        return { ok: false, errors: written.errors.map((e) => ({ code: e.code, message: e.message, ...(e.location !== undefined && { location: e.location }) })) };
      }
      xmlText = written.xml;
    } else {
      return fail({ code: 'GW_PIPELINE_NO_WRITER', message: 'This gateway accepts FA(3) XML only: no canonical JSON writer is configured' });
    }
    let model: Faktura | undefined;
    let warnings: OutcomeError[] = [];
    if (this.options.validate) {
      const result = await this.options.validate(xmlText);
      const contextNip = this.contextOfSeller(result.invoice?.Podmiot1?.DaneIdentyfikacyjne?.NIP);
      const judged = this.judge(result.issues, contextNip);
      const issues = draft ? withSources(locateIssues(draft.issues, judged, draft.fields), payload.format === 'draft' ? payload.sources : undefined) : judged;
      const found = split(issues.map(outcomeError));
      // The policy may have turned every error into a warning: validity is decided on the findings as judged.
      if (!found.ok || (judged === result.issues && !result.valid)) {
        return { ok: false, errors: found.ok ? [] : found.errors, contextNip, warnings: found.warnings };
      }
      warnings = [...found.warnings];
      model = result.invoice;
    }
    const xml = Buffer.from(xmlText, 'utf8');
    return this.stored(xml, model ? factsOf(model, xml) : readInvoiceFacts(xml), warnings);
  }

  /** The verdict on a draft prepared in one step: the rule policy of its context, the plugin's sources, the facts. */
  private prepared(p: PreparedDraft, sources: DraftSources | undefined): PrepareResult {
    if (p.xml === undefined) return notCompleted(p.draftIssues, sources);
    const contextNip = this.contextOfSeller(p.facts?.sellerNip);
    const judged = this.judge(p.fa3Issues, contextNip);
    const found = split(withSources([...p.draftIssues, ...judged], sources).map(outcomeError));
    // As for the other paths: the policy may have turned every error into a warning.
    if (!found.ok || (judged === p.fa3Issues && !p.fa3Valid)) return { ok: false, errors: found.ok ? [] : found.errors, contextNip, warnings: found.warnings };
    const xml = Buffer.from(p.xml, 'utf8');
    const f = p.facts;
    return this.stored(xml, f
      ? { facts: { key: { sellerNip: f.sellerNip, invoiceKind: f.invoiceKind, invoiceNumber: f.invoiceNumber }, issueDate: f.issueDate, hasAttachment: f.hasAttachment }, errors: [] }
      : readInvoiceFacts(xml), found.warnings);
  }

  /** A refusal is attributed to its context where the seller's NIP could be read, so that `status` counts it there. */
  private contextOfSeller(sellerNip: unknown): string | undefined {
    return typeof sellerNip === 'string' && /^\d{10}$/.test(sellerNip) ? this.options.contextFor?.(sellerNip) ?? sellerNip : undefined;
  }

  /** The findings with the rule policy of the context (DECISIONS.md 19); the same array when no policy applies. */
  private judge(issues: readonly ValidationIssue[], contextNip: string | undefined): readonly ValidationIssue[] {
    return this.options.rulePolicy && contextNip !== undefined ? applyRulePolicy(issues, this.options.rulePolicy(contextNip)) : issues;
  }

  /** The bytes to store, routed by the facts read from them; refused when a routing field is missing. */
  private stored(xml: Buffer, read: { facts?: InvoiceFacts; errors: OutcomeError[] }, warnings: readonly OutcomeError[]): PrepareResult {
    if (!read.facts) return { ok: false, errors: read.errors };
    const contextNip = this.options.contextFor?.(read.facts.key.sellerNip) ?? read.facts.key.sellerNip;
    return { ok: true, document: { xml, contextNip, ...read.facts }, warnings };
  }
}

/** A draft that could not be completed into FA(3): its own findings, located at the plugin's sources. */
function notCompleted(issues: readonly ValidationIssue[], sources: DraftSources | undefined): PrepareResult {
  const found = split(withSources(issues, sources).map(outcomeError));
  return { ok: false, errors: found.ok ? [] : found.errors, warnings: found.warnings };
}

type Located = ValidationIssue & { readonly source?: OutcomeError['source'] };

function outcomeError(i: Located): OutcomeError & { severity: 'error' | 'warning' } {
  return {
    code: i.code, message: i.message, severity: i.severity,
    ...(i.location && { location: i.location }), ...(i.field !== undefined && { field: i.field }), ...(i.source && { source: i.source }),
  };
}

/** Errors and warnings apart; `ok` when there is no error. */
function split(all: readonly (OutcomeError & { severity: 'error' | 'warning' })[]): { ok: true; warnings: OutcomeError[] } | { ok: false; errors: OutcomeError[]; warnings: OutcomeError[] } {
  const strip = ({ severity: _s, ...e }: OutcomeError & { severity: string }): OutcomeError => e;
  const errors = all.filter((e) => e.severity === 'error').map(strip);
  const warnings = all.filter((e) => e.severity === 'warning').map(strip);
  return errors.length > 0 ? { ok: false, errors, warnings } : { ok: true, warnings };
}

/** From the validator's model; where it lacks a field, the XML is read for the precise error. */
function factsOf(f: Faktura, xml: Buffer): { facts?: InvoiceFacts; errors: OutcomeError[] } {
  const nip = f.Podmiot1?.DaneIdentyfikacyjne?.NIP;
  if (!nip || !f.Fa?.P_2 || !f.Fa.RodzajFaktury || !f.Fa.P_1) return readInvoiceFacts(xml);
  return { facts: { key: { sellerNip: nip, invoiceKind: f.Fa.RodzajFaktury, invoiceNumber: f.Fa.P_2 }, issueDate: f.Fa.P_1,
    hasAttachment: f.Zalacznik !== undefined }, errors: [] };
}

const fail = (error: OutcomeError): PrepareResult => ({ ok: false, errors: [error] });
