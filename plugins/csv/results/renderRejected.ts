import { stringify } from 'csv-stringify/sync';
import { readCsvRecords } from '../reading/readCsvRecords.js';
import type { DropManifest, Ledger } from './Ledger.js';
import { messages } from './renderResults.js';

/**
 * The text of `<file>.rejected.csv` for one input file of a drop: its header row and every original row (as it was
 * written, read again from the archive) of the documents that failed, each with an `error` column added, ready to
 * be fixed and dropped again. Undefined when no document of that file failed.
 */
export async function renderRejected(manifest: DropManifest, fileIndex: number, ledger: Ledger, hasHeader: boolean): Promise<string | undefined> {
  const failed = new Map<number, string>();
  for (const d of manifest.documents) {
    const o = ledger.outcome(d.erpId);
    const bad = o ? o.kind === 'rejected' : d.state === 'invalid' || d.state === 'rejected';
    if (!bad) continue;
    const text = messages(o?.errors ?? d.errors);
    for (const [f, row] of d.rows) if (f === fileIndex) failed.set(row, text);
  }
  if (failed.size === 0) return undefined;
  const file = manifest.files[fileIndex];
  const sep = file.delimiter;
  const out: string[] = [];
  let first = hasHeader;
  const { access } = await import('node:fs/promises');
  if (!(await access(file.archived).then(() => true, () => false))) return undefined; // archive cleaned up meanwhile
  for await (const record of readCsvRecords(file.archived, file, { raw: true })) {
    if (first) {
      first = false;
      out.push(`${record.raw}${sep}${cell('error', sep)}`);
      continue;
    }
    const error = failed.get(record.line);
    if (error !== undefined) out.push(`${record.raw}${sep}${cell(error, sep)}`);
  }
  return `${out.join('\r\n')}\r\n`;
}

function cell(text: string, delimiter: string): string {
  return stringify([[text]], { delimiter, record_delimiter: '' }).replace(/\r?\n$/, '');
}
