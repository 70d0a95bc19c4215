import { stringify } from 'csv-stringify/sync';
import type { DropManifest, Ledger, ResultError } from './Ledger.js';

export const RESULT_COLUMNS = ['document_id', 'state', 'ksef_number', 'acquisition_date', 'upo_file', 'error_codes', 'error_messages'] as const;

/**
 * The text of `<file>.results.csv`: one row per document of the drop, in file order, showing the latest that is
 * known: KSeF's outcome when it has arrived (from this drop or an earlier drop of the same invoice), otherwise the
 * state of the document's receipt, or `invalid` with the reasons.
 */
export function renderResults(manifest: DropManifest, ledger: Ledger, delimiter: string): string {
  const rows: string[][] = [[...RESULT_COLUMNS]];
  for (const d of manifest.documents) {
    const o = ledger.outcome(d.erpId);
    const errors = o?.errors ?? (o ? [] : d.errors);
    rows.push([d.docId, o?.kind ?? d.state, o?.ksefNumber ?? '', o?.acquisitionDate ?? '', o?.upoFile ?? '', codes(errors), messages(errors)]);
  }
  for (const e of manifest.fileErrors) rows.push(['', 'invalid', '', '', '', e.code, messages([e])]);
  return stringify(rows, { delimiter, record_delimiter: 'windows' });
}

function codes(errors: readonly ResultError[]): string {
  return errors.map((e) => e.code).join(' ');
}

/** `feb.csv row 3 column cena (/lines/0/unitPrice): "x" is not a number | ...` */
export function messages(errors: readonly ResultError[]): string {
  return errors.map((e) => (e.where ? `${e.where}: ${e.message}` : e.message)).join(' | ');
}
