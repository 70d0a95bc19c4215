import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import iconv from 'iconv-lite';
import { CsvFileError } from './CsvFileError.js';
import { detectDelimiter, type CsvDelimiter } from './detectDelimiter.js';
import { detectEncoding, type CsvEncoding } from './detectEncoding.js';

/** How a file is to be read: what was declared in the mapping, or detected from its first bytes. */
export interface CsvDialect {
  readonly encoding: CsvEncoding;
  readonly delimiter: CsvDelimiter;
}

const SAMPLE_BYTES = 64 * 1024;

/**
 * Reads the first 64 KiB of a file to settle its encoding and delimiter (each only when not declared). Throws
 * CsvFileError for an empty file, a binary file, or one whose header has no delimiter while several are expected.
 */
export async function sniffCsvFile(path: string, declared: { encoding?: CsvEncoding; delimiter?: CsvDelimiter }): Promise<CsvDialect> {
  const file = basename(path);
  const handle = await open(path, 'r');
  let sample: Buffer;
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0);
    sample = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const detected = detectEncoding(sample);
  if (detected === undefined && declared.encoding !== 'utf-16le') {
    throw new CsvFileError('GW_CSV_BINARY_FILE', 'is a binary file (it contains NUL bytes), not a CSV export', file);
  }
  const encoding = declared.encoding ?? detected!;
  const text = iconv.decode(sample, encoding).replace(/^\ufeff/, '');
  if (text.trim() === '') throw new CsvFileError('GW_CSV_EMPTY_FILE', 'is empty', file);
  const delimiter = declared.delimiter ?? detectDelimiter(text) ?? ';';
  return { encoding, delimiter };
}
