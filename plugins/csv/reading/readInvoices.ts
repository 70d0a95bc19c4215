import { basename } from 'node:path';
import type { CsvMapping } from '../mapping/CsvMapping.js';
import { InvoiceBuilder, type CsvInvoice } from '../mapping/InvoiceBuilder.js';
import { RowMapper, type FileRole, type MappedRow } from '../mapping/RowMapper.js';
import { CsvFileError } from './CsvFileError.js';
import { readCsvRecords, type CsvRecord } from './readCsvRecords.js';
import { sniffCsvFile, type CsvDialect } from './sniffCsvFile.js';

/** The files of one drop: a `lines` layout file alone, or a header file with its lines file. */
export type CsvDrop =
  | { readonly layout: 'lines'; readonly file: string }
  | { readonly layout: 'header-lines'; readonly header: string; readonly lines: string };

/** A file opened for mapping: its dialect and its mapper (compiled for its header row). */
export interface OpenCsvFile {
  readonly path: string;
  readonly name: string;
  readonly dialect: CsvDialect;
  readonly mapper: RowMapper;
  readonly header?: readonly string[];
}

interface Carries { readonly invoice: boolean; readonly line: boolean }

/**
 * Reads the invoices of a drop, streaming. Rows of one invoice need not be adjacent: a first pass notes the last
 * row of each invoice (document ids only), the second maps the rows and hands each invoice over as soon as its last
 * row is read, so memory holds only the invoices whose rows are still spread ahead (with adjacent rows: one).
 * Faults of rows travel inside their invoice; only a fault of a whole file throws (CsvFileError).
 */
export async function* readInvoices(drop: CsvDrop, mapping: CsvMapping, onOpen?: (file: OpenCsvFile) => void): AsyncGenerator<CsvInvoice> {
  if (drop.layout === 'lines') {
    const file = await openCsvFile(drop.file, mapping, 'both');
    onOpen?.(file);
    yield* groupRows(file, new Map(), { invoice: true, line: true });
    return;
  }
  const header = await openCsvFile(drop.header, mapping, 'invoice');
  const lines = await openCsvFile(drop.lines, mapping, 'line');
  onOpen?.(header);
  onOpen?.(lines);
  const headers = new Map<string, { mapped: MappedRow; file: string }>();
  for await (const record of dataRecords(header)) {
    const mapped = header.mapper.map(record);
    const earlier = headers.get(mapped.key);
    if (earlier === undefined && mapped.docId !== '') { headers.set(mapped.key, { mapped, file: header.name }); continue; }
    const b = new InvoiceBuilder(mapped.docId, mapped.context);
    b.add(mapped, header.name, { invoice: true, line: false });
    if (earlier) b.addError({ code: 'GW_CSV_DUPLICATE_HEADER', file: header.name, row: mapped.row, field: 'documentId', message: `document id "${mapped.docId}" appears again (first in row ${earlier.mapped.row})` });
    yield b.build();
  }
  yield* groupRows(lines, headers, { invoice: false, line: true });
  for (const { mapped, file } of headers.values()) {
    const b = new InvoiceBuilder(mapped.docId, mapped.context);
    b.add(mapped, file, { invoice: true, line: false });
    b.addError({ code: 'GW_CSV_NO_LINES', file: lines.name, field: 'lines', message: `document id "${mapped.docId}" has no rows in ${lines.name}` });
    yield b.build();
  }
}

async function* groupRows(file: OpenCsvFile, headers: Map<string, { mapped: MappedRow; file: string }>, carries: Carries): AsyncGenerator<CsvInvoice> {
  const lastRow = new Map<string, number>();
  for await (const record of dataRecords(file)) lastRow.set(file.mapper.keyOf(record), record.line);
  const open = new Map<string, InvoiceBuilder>();
  for await (const record of dataRecords(file)) {
    const mapped = file.mapper.map(record);
    const alone = mapped.docId === ''; // a row without a document id is an invoice of its own, and a faulty one
    const key = alone ? `\u0001${record.line}` : mapped.key;
    let builder = open.get(key);
    if (!builder) {
      builder = new InvoiceBuilder(mapped.docId, mapped.context);
      open.set(key, builder);
      if (!carries.invoice && !alone) {
        const head = headers.get(key);
        if (head) { builder.add(head.mapped, head.file, { invoice: true, line: false }); headers.delete(key); }
        else builder.addError({ code: 'GW_CSV_HEADER_MISSING', file: file.name, row: record.line, field: 'documentId', message: `document id "${mapped.docId}" has no row in the header file` });
      }
    }
    builder.add(mapped, file.name, carries);
    if (alone || lastRow.get(key) === record.line) {
      open.delete(key);
      yield builder.build();
    }
  }
  for (const builder of open.values()) yield builder.build(); // only when the file changed between the passes
}

/** Settles a file's dialect, reads its header row and compiles the mapping for it. */
export async function openCsvFile(path: string, mapping: CsvMapping, role: FileRole): Promise<OpenCsvFile> {
  const name = basename(path);
  const dialect = await sniffCsvFile(path, {
    encoding: mapping.encoding === 'auto' ? undefined : mapping.encoding,
    delimiter: mapping.delimiter === 'auto' ? undefined : mapping.delimiter === 'tab' ? '\t' : mapping.delimiter,
  });
  let header: readonly string[] | undefined;
  if (mapping.headerRow) {
    for await (const record of readCsvRecords(path, dialect)) { header = record.fields; break; }
    if (header === undefined || header.every((h) => h.trim() === '')) throw new CsvFileError('GW_CSV_NO_HEADER', 'has no header row', name);
  }
  return { path, name, dialect, header, mapper: new RowMapper(mapping, name, header, role) };
}

/** The records after the header row. */
export async function* dataRecords(file: OpenCsvFile, options: { raw?: boolean } = {}): AsyncGenerator<CsvRecord> {
  let first = file.header !== undefined;
  for await (const record of readCsvRecords(file.path, file.dialect, options)) {
    if (first) { first = false; continue; }
    yield record;
  }
}
