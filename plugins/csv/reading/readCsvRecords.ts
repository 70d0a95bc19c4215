import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'csv-parse';
import { CsvFileError } from './CsvFileError.js';
import { DecodeStream } from './DecodeStream.js';
import type { CsvDialect } from './sniffCsvFile.js';

/** One record of a CSV file: its fields and the line of the file where it starts (1-based, as an editor shows it). */
export interface CsvRecord {
  readonly line: number;
  readonly fields: readonly string[];
  /** The record's original text (without its line break), when asked for. */
  readonly raw?: string;
}

/**
 * Streams the records of a file (the header too, as the first record): decoded strictly, parsed by csv-parse with
 * quoted fields spanning lines, never the whole file in memory. A field count that differs from the header's is
 * left to the caller (it is a fault of that row only); a quote never closed makes the file unreadable.
 */
export async function* readCsvRecords(path: string, dialect: CsvDialect, options: { raw?: boolean } = {}): AsyncGenerator<CsvRecord> {
  const file = basename(path);
  // Lines are counted here rather than with csv-parse's `info`, which costs half as much again as the parse.
  const parser = parse({
    delimiter: dialect.delimiter, bom: true, raw: options.raw === true,
    relax_column_count: true, relax_quotes: true, skip_empty_lines: false,
  });
  const source = createReadStream(path, { highWaterMark: 64 * 1024 }).pipe(new DecodeStream(dialect.encoding, file));
  source.on('error', (err) => parser.destroy(err));
  source.pipe(parser);
  try {
    let line = 1;
    for await (const item of parser as AsyncIterable<string[] | { record: string[]; raw: string }>) {
      const fields = Array.isArray(item) ? item : item.record;
      const start = line;
      line += 1;
      for (const field of fields) for (let i = field.indexOf('\n'); i >= 0; i = field.indexOf('\n', i + 1)) line += 1;
      if (fields.length === 1 && fields[0].trim() === '') continue; // an empty line
      yield { line: start, fields, raw: Array.isArray(item) ? undefined : item.raw.replace(/^[\r\n]+|[\r\n]+$/g, '') };
    }
  } catch (err) {
    if (err instanceof CsvFileError) throw err;
    const e = err as Error & { code?: string };
    throw new CsvFileError('GW_CSV_MALFORMED', `is not a readable CSV file: ${e.message}`, file, { cause: err });
  } finally {
    source.destroy();
  }
}
