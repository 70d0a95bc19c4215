import { CsvFileError } from '../reading/CsvFileError.js';
import type { CsvRecord } from '../reading/readCsvRecords.js';
import type { CsvMapping, FieldSpec } from './CsvMapping.js';
import { CellError, columnIndex, compileFieldSpec, type CellReader, type ColumnIndex } from './compileFieldSpec.js';
import { convertValue, kindOf, type Converted, type ValueFormats, type ValueKind } from './convertValue.js';
import type { RowError } from './RowError.js';

/** A draft field of the mapping, with what is worked out once: its path segments, JSON pointer and value kind. */
export interface DraftField {
  readonly path: string;
  readonly segments: readonly (string | number)[];
  /** JSON pointer relative to the draft (invoice fields) or to the line (line fields), e.g. `/buyer/id/nip`. */
  readonly pointer: string;
  readonly kind: ValueKind;
}

/** One draft value taken from a row: the field, the converted value and the column it came from. */
export interface Assigned {
  readonly field: DraftField;
  readonly value: string | boolean;
  readonly column: string;
}

/** A row turned into draft values. `key` groups the rows of one invoice (context and document id). */
export interface MappedRow {
  readonly row: number;
  readonly key: string;
  readonly docId: string;
  readonly context: string;
  readonly invoice: readonly Assigned[];
  readonly line: readonly Assigned[];
  readonly errors: readonly RowError[];
  /** Mapped fields whose cells were empty, with their column, so an error about a missing value can point at them. */
  readonly emptyInvoice: readonly (readonly [DraftField, string])[];
  readonly emptyLine: readonly (readonly [DraftField, string])[];
}

/** Which parts of the mapping a file carries: a `lines` layout file both, a header file the invoice, a lines file the lines. */
export type FileRole = 'both' | 'invoice' | 'line';

/**
 * A mapped field compiled for one file. `lastText` and `last` remember its latest conversion: in the `lines` layout
 * every row of an invoice repeats the invoice's dates and amounts, so most cells convert as the row before did.
 */
interface CompiledField {
  readonly field: DraftField;
  readonly reader: CellReader;
  lastText?: string;
  last?: Converted;
}

type Compiled = readonly CompiledField[];

interface Part { readonly invoice: Compiled; readonly line: Compiled }

/**
 * Maps the rows of one file through the mapping, compiled once for the file's header. Every fault of a row is
 * collected with its file, row, column and draft field; a missing column or value map is a fault of the file.
 */
export class RowMapper {
  private readonly base: Part;
  private readonly contexts = new Map<string, Part>();
  private readonly docId: CellReader;
  private readonly by?: CellReader;
  private readonly width: number | undefined;

  constructor(private readonly mapping: CsvMapping, private readonly file: string, header: readonly string[] | undefined, role: FileRole, private readonly formats: ValueFormats = mapping) {
    const columns = columnIndex(header);
    const missing = new Set<string>();
    const compile = (specs: Readonly<Record<string, FieldSpec>>, used: boolean): Compiled =>
      used ? Object.entries(specs).filter(([, spec]) => !absent(spec, columns))
        .map(([path, spec]): CompiledField => ({ field: draftField(path), reader: compileFieldSpec(spec, columns, mapping.valueMaps, missing) })) : [];
    const part = (fields: Readonly<Record<string, FieldSpec>>, lines: Readonly<Record<string, FieldSpec>>): Part =>
      ({ invoice: compile(fields, role !== 'line'), line: compile(lines, role !== 'invoice') });
    this.base = part(mapping.fields, mapping.lines);
    const idSpec = role === 'line' ? mapping.linesDocumentId ?? mapping.documentId : mapping.documentId;
    this.docId = compileFieldSpec(idSpec, columns, mapping.valueMaps, missing);
    if (mapping.contexts) {
      this.by = compileFieldSpec(mapping.contexts.by, columns, mapping.valueMaps, missing);
      for (const [value, o] of Object.entries(mapping.contexts.mappings)) {
        this.contexts.set(value, part({ ...mapping.fields, ...o.fields }, { ...mapping.lines, ...o.lines }));
      }
    }
    if (missing.size > 0) {
      throw new CsvFileError('GW_CSV_MISSING_COLUMN', `the mapping names what the file lacks: ${[...missing].join(', ')}${header ? ` (the header has: ${header.join(', ')})` : ''}`, file);
    }
    this.width = header?.length;
  }

  map(record: CsvRecord): MappedRow {
    const errors: RowError[] = [];
    const row = record.line;
    const fields = record.fields;
    if (this.width !== undefined && fields.length !== this.width) {
      errors.push({ code: 'GW_CSV_ROW_MALFORMED', file: this.file, row, message: `has ${fields.length} fields where the header has ${this.width} (a stray delimiter or quote?)` });
    }
    const docId = this.read(this.docId, fields, row, 'documentId', errors)?.value ?? '';
    if (docId === '') errors.push({ code: 'GW_CSV_DOCUMENT_ID_EMPTY', file: this.file, row, field: 'documentId', message: 'has no document id' });
    let part = this.base;
    let context = '';
    if (this.by) {
      const cell = this.read(this.by, fields, row, 'contexts.by', errors);
      context = cell?.value ?? '';
      const chosen = this.contexts.get(context);
      if (chosen) part = chosen;
      else if (this.mapping.contexts!.unknown === 'reject') {
        errors.push({ code: 'GW_CSV_CONTEXT_UNKNOWN', file: this.file, row, column: cell?.column, field: 'contexts.by', message: `"${context}" has no entry in contexts.mappings (known: ${[...this.contexts.keys()].join(', ')})` });
      }
    }
    const emptyInvoice: (readonly [DraftField, string])[] = [];
    const emptyLine: (readonly [DraftField, string])[] = [];
    const invoice = this.assign(part.invoice, fields, row, errors, emptyInvoice);
    const line = this.assign(part.line, fields, row, errors, emptyLine);
    return { row, key: keyOf(context, docId), context, docId, invoice, line, errors, emptyInvoice, emptyLine };
  }

  /** The grouping key alone, for the first pass over a file (cheap: no other field is read). */
  keyOf(record: CsvRecord): string {
    let docId = '';
    let context = '';
    try { docId = this.docId(record.fields).value; } catch { /* reported in the second pass */ }
    try { if (this.by) context = this.by(record.fields).value; } catch { /* idem */ }
    return keyOf(context, docId);
  }

  private assign(compiled: Compiled, fields: readonly string[], row: number, errors: RowError[], empty: (readonly [DraftField, string])[]): Assigned[] {
    const out: Assigned[] = [];
    for (const c of compiled) {
      const field = c.field;
      const cell = this.read(c.reader, fields, row, field.path, errors);
      if (cell === undefined) continue;
      if (cell.value === '') { empty.push([field, cell.column]); continue; }
      let converted: Converted;
      if (field.kind === 'text') converted = { ok: true, value: cell.value };
      else if (c.lastText === cell.value) converted = c.last!;
      else {
        converted = convertValue(field.kind, cell.value, this.formats);
        c.lastText = cell.value;
        c.last = converted;
      }
      if (converted.ok) out.push({ field, value: converted.value, column: cell.column });
      else errors.push({ code: 'GW_CSV_VALUE_INVALID', file: this.file, row, column: cell.column, field: field.path, message: converted.reason });
    }
    return out;
  }

  private read(reader: CellReader, fields: readonly string[], row: number, field: string, errors: RowError[]) {
    try {
      return reader(fields);
    } catch (err) {
      if (!(err instanceof CellError)) throw err;
      errors.push({ code: err.code, file: this.file, row, column: err.column, field, message: err.message });
      return undefined;
    }
  }
}

/**
 * An optional column the file does not have, with nothing to fall back on: its field is always empty, so it is not
 * read at all (the default mapping names some thirty optional columns; a typical export has a few of them).
 */
function absent(spec: FieldSpec, columns: ColumnIndex): boolean {
  if (typeof spec !== 'object' || spec.optional !== true || spec.column === undefined || spec.default !== undefined) return false;
  const i = columns.indexOf(spec.column);
  return i === undefined || i < 0;
}

function keyOf(context: string, docId: string): string {
  return context === '' ? docId : `${context}\u0000${docId}`;
}

function draftField(path: string): DraftField {
  const names = path.split('.');
  return { path, segments: names.map((n) => (/^\d+$/.test(n) ? Number(n) : n)), pointer: `/${names.join('/')}`, kind: kindOf(path) };
}
