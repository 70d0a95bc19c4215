/** Stable codes of the faults that make a whole file unreadable (it goes to `failed/` with an error file). */
export type CsvFileErrorCode =
  | 'GW_CSV_EMPTY_FILE'
  | 'GW_CSV_BINARY_FILE'
  | 'GW_CSV_UNDECODABLE'
  | 'GW_CSV_NO_HEADER'
  | 'GW_CSV_MALFORMED'
  | 'GW_CSV_MISSING_COLUMN'
  | 'GW_CSV_MAPPING_INVALID'
  | 'GW_CSV_LINES_FILE_MISSING'
  | 'GW_CSV_HEADER_FILE_MISSING';

/** A fault of a whole file (or of the mapping), as opposed to a fault of one row or one invoice. */
export class CsvFileError extends Error {
  constructor(readonly code: CsvFileErrorCode, message: string, readonly file?: string, options?: { cause?: unknown }) {
    super(file === undefined ? message : `${file}: ${message}`, options);
    this.name = 'CsvFileError';
  }
}
