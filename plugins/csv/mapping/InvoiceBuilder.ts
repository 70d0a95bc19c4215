import type { Assigned, MappedRow } from './RowMapper.js';
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

  private addLine(mapped: MappedRow, file: string): void {
    const at = `/lines/${this.lines++}`;
    const line: Record<string, unknown> = {};
    this.sources[at] = { kind: 'file', file, row: mapped.row };
    for (const [field, column] of mapped.emptyLine) this.sources[`${at}${field.pointer}`] = { kind: 'file', file, row: mapped.row, column };
    for (const a of mapped.line) {
      setPath(line, a.field.segments, a.value);
      this.sources[`${at}${a.field.pointer}`] = { kind: 'file', file, row: mapped.row, column: a.column };
    }
    ((this.draft.lines ??= []) as unknown[]).push(line);
  }

  /** Adds a fault of the invoice as a whole (no lines, no header row). */
  addError(error: RowError): void {
    this.errors.push(error);
  }

  build(): CsvInvoice {
    return { docId: this.docId, context: this.context, draft: completeDraft(this.draft), sources: this.sources, rows: this.rows, errors: this.errors, lineCount: this.lines };
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
 * fields given (a NIP: `nip`; a country and number: `eu-vat`; an id: `other`; nothing: `none`, a consumer).
 */
function completeDraft(draft: Record<string, unknown>): Record<string, unknown> {
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
  return draft;
}
