import type { Assigned, DraftField, MappedRow } from './RowMapper.js';
import type { RowError } from './RowError.js';

/** Where a draft value came from (the plugin API's `SourceLocation` of kind `file`). */
export interface CellSource {
  readonly kind: 'file';
  readonly file: string;
  readonly row?: number;
  readonly column?: string;
}

/** A row of an input file that fed an invoice (copied into `<file>.rejected.csv` when the invoice fails). */
export interface SourceRow {
  readonly file: string;
  readonly row: number;
}

/** One invoice read from CSV: its draft (plain JSON of the plugin API's draft shape), sources and faults. */
export interface CsvInvoice {
  readonly docId: string;
  /** The context value (`contexts.by`) when the mapping has contexts, else ''. */
  readonly context: string;
  readonly draft: Record<string, unknown>;
  /** JSON pointers into the draft -> where the value came from. */
  readonly sources: Record<string, CellSource>;
  readonly rows: readonly SourceRow[];
  readonly errors: readonly RowError[];
  readonly lineCount: number;
}

/**
 * Collects the rows of one invoice (in any order of arrival) into a draft: invoice fields from its first row (or
 * its header-file row), one line per line row. A header field that differs between rows of the same invoice is
 * an error of that row, not silently the first value.
 */
export class InvoiceBuilder {
  private readonly draft: Record<string, unknown> = {};
  private readonly sources: Record<string, CellSource> = {};
  private readonly rows: SourceRow[] = [];
  private readonly errors: RowError[] = [];
  private first?: { row: number; values: Map<string, Assigned> };
  private lines = 0;

  constructor(private readonly docId: string, private readonly context: string) {}

  /**
   * Adds a row: its invoice fields (every row of a `lines` layout file, the header file's row otherwise) and/or
   * one line (every row of a `lines` layout file or of a lines file).
   */
  add(mapped: MappedRow, file: string, carries: { invoice: boolean; line: boolean }): void {
    this.rows.push({ file, row: mapped.row });
    this.errors.push(...mapped.errors);
    if (carries.invoice) this.addInvoiceFields(mapped, file);
    if (carries.line) this.addLine(mapped, file);
  }

  private addInvoiceFields(mapped: MappedRow, file: string): void {
    if (!this.first) {
      this.first = { row: mapped.row, values: new Map(mapped.invoice.map((a) => [a.field.path, a])) };
      this.sources[''] = { kind: 'file', file, row: mapped.row };
      for (const [field, column] of mapped.emptyInvoice) this.sources[field.pointer] = { kind: 'file', file, row: mapped.row, column };
      for (const a of mapped.invoice) {
        setPath(this.draft, a.field.segments, a.value);
        this.sources[a.field.pointer] = { kind: 'file', file, row: mapped.row, column: a.column };
      }
      return;
    }
    for (const a of mapped.invoice) {
      const before = this.first.values.get(a.field.path);
      if (before === undefined || before.value !== a.value) {
        this.errors.push({ code: 'GW_CSV_HEADER_MISMATCH', file, row: mapped.row, column: a.column, field: a.field.path,
          message: `"${String(a.value)}" differs from ${before === undefined ? 'the empty value' : `"${String(before.value)}"`} in row ${this.first.row} of the same invoice` });
      }
    }
  }

  /**
   * A row's line goes where the invoice's kind keeps its lines: an advance invoice (ZAL, KOR_ZAL) under `order`, the
   * others under `lines`. In a correction (KOR*) a line's own fields are its state after the correction, `before.*`
   * its state before (either side may be all empty: a line added or removed); in any other invoice a `before.*` or
   * `after.*` value is a fault of its row, not a silently dropped value.
   */
  private addLine(mapped: MappedRow, file: string): void {
    const kind = typeof this.draft.kind === 'string' ? this.draft.kind : 'VAT';
    const correcting = kind.startsWith('KOR');
    const base = kind === 'ZAL' || kind === 'KOR_ZAL' ? '/order/lines' : '/lines';
    const at = `${base}/${this.lines++}`;
    const line: Record<string, unknown> = {};
    const sided = (field: DraftField) => field.segments[0] === 'before' || field.segments[0] === 'after';
    const place = (field: DraftField): { segments: readonly (string | number)[]; pointer: string } =>
      (correcting && !sided(field) ? { segments: ['after', ...field.segments], pointer: `/after${field.pointer}` } : field);
    this.sources[at] = { kind: 'file', file, row: mapped.row };
    for (const [field, column] of mapped.emptyLine) this.sources[`${at}${place(field).pointer}`] = { kind: 'file', file, row: mapped.row, column };
    for (const a of mapped.line) {
      if (!correcting && sided(a.field)) {
        this.errors.push({ code: 'GW_CSV_NOT_A_CORRECTION', file, row: mapped.row, column: a.column, field: a.field.path,
          message: `"${String(a.value)}" is a value before or after a correction, but this invoice is of kind ${kind} (only KOR, KOR_ZAL and KOR_ROZ correct lines)` });
        continue;
      }
      const placed = place(a.field);
      setPath(line, placed.segments, a.value);
      this.sources[`${at}${placed.pointer}`] = { kind: 'file', file, row: mapped.row, column: a.column };
    }
    const holder = base === '/lines' ? this.draft : ((this.draft.order ??= {}) as Record<string, unknown>);
    ((holder.lines ??= []) as unknown[]).push(line);
  }

  /** Adds a fault of the invoice as a whole (no lines, no header row). */
  addError(error: RowError): void {
    this.errors.push(error);
  }

  build(): CsvInvoice {
    return { docId: this.docId, context: this.context, draft: completeDraft(this.draft, this.context), sources: this.sources, rows: this.rows, errors: this.errors, lineCount: this.lines };
  }
}

function setPath(target: Record<string, unknown>, segments: readonly (string | number)[], value: unknown): void {
  let node = target as Record<string | number, unknown>;
  const last = segments.length - 1;
  for (let i = 0; i < last; i++) node = (node[segments[i]] ??= typeof segments[i + 1] === 'number' ? [] : {}) as Record<string | number, unknown>;
  node[segments[last]] = value;
}

/**
 * What a flat CSV cannot say directly: the invoice kind defaults to `VAT`, and the buyer's id type follows from the
 * fields given (a NIP: `nip`; a country and number: `eu-vat`; an id: `other`; nothing: `none`, a consumer). With
 * contexts, the ERP id of a referenced invoice (corrected, advance) is the document id of the same company's files,
 * and is given to the gateway as the plugin does its own (`<context>/<document id>`).
 */
function completeDraft(draft: Record<string, unknown>, context: string): Record<string, unknown> {
  draft.kind ??= 'VAT';
  const buyer = (draft.buyer ??= {}) as Record<string, unknown>;
  const id = (buyer.id ??= {}) as Record<string, unknown>;
  if (id.type === undefined) {
    if (id.nip !== undefined && (id.country === undefined || id.country === 'PL')) { id.type = 'nip'; delete id.country; }
    else if (id.nip !== undefined) { id.type = 'eu-vat'; id.number = id.nip; delete id.nip; }
    else if (id.number !== undefined) id.type = 'eu-vat';
    else if (id.id !== undefined) id.type = 'other';
    else id.type = 'none';
  }
  if (context !== '') for (const ref of references(draft)) if (typeof ref.erpId === 'string') ref.erpId = `${context}/${ref.erpId}`;
  return draft;
}

/** The invoice references a draft may hold (InvoiceRef objects). */
function references(draft: Record<string, unknown>): Record<string, unknown>[] {
  const out: unknown[] = [];
  const of = (draft.correction as { of?: unknown } | undefined)?.of;
  out.push(...(Array.isArray(of) ? of : [of]));
  if (Array.isArray(draft.advances)) out.push(...draft.advances.map((a) => (a as { invoice?: unknown } | null)?.invoice));
  if (Array.isArray(draft.earlierAdvances)) out.push(...draft.earlierAdvances);
  return out.filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null);
}
