import { describeSource, type OutcomeError } from '../../../core/plugin-api/index.js';
import type { RowError } from '../mapping/RowError.js';
import type { ResultError } from './Ledger.js';

/** A gateway or KSeF error for a results file: where it is in the CSV when the gateway knows, else the FA(3) path. */
export function toResultError(e: OutcomeError): ResultError {
  const place = e.source ? describeSource(e.source) : e.location;
  const field = e.field ? ` (${e.field})` : '';
  return { code: e.code, message: e.message, where: place || field ? `${place ?? ''}${field}`.trim() : undefined };
}

/** A fault the plugin found while reading a row. */
export function rowResultError(e: RowError): ResultError {
  const place = [e.file, e.row !== undefined ? `row ${e.row}` : '', e.column ? `column ${e.column}` : ''].filter(Boolean).join(' ');
  return { code: e.code, message: e.message, where: `${place}${e.field ? ` (${e.field})` : ''}` };
}
