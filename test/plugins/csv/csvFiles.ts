import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';

/** A fresh folder for one test's files. */
export function tempDir(prefix = 'csv-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Writes CSV text to disk in the given encoding (BOM only when asked), as an ERP export would. */
export async function writeCsv(dir: string, name: string, text: string, encoding = 'utf-8', bom = false): Promise<string> {
  const path = join(dir, name);
  const body = iconv.encode(text, encoding);
  await writeFile(path, bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body);
  return path;
}

/** CSV text from rows, quoting a field only when it holds the delimiter, a quote or a line break. */
export function toCsv(rows: readonly (readonly string[])[], delimiter = ';', eol = '\r\n'): string {
  const quote = (f: string) => (f.includes(delimiter) || /["\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);
  return rows.map((r) => r.map(quote).join(delimiter)).join(eol);
}

const SELLER = ['5265877635', 'Sprzedawca Sp. z o.o.', 'ul. Prosta 1, 00-001 Warszawa'];
const BUYER_A1 = ['PL7352765225', 'Nabywca Łódź S.A.', 'ul. Krzywa 2'];

/** A `lines` layout export in the default mapping's columns: two invoices, Polish letters, rows not adjacent. */
export const DEFAULT_ROWS: readonly (readonly string[])[] = [
  ['document_id', 'number', 'issue_date', 'seller_nip', 'seller_name', 'seller_address1', 'buyer_nip', 'buyer_name', 'buyer_address1', 'line_name', 'quantity', 'unit', 'unit_price', 'vat_rate'],
  ['A1', 'FV/1/2026', '02.12.2026', ...SELLER, ...BUYER_A1, 'Usługa serwisowa', '2', 'szt.', '1 234,50', '23'],
  ['A2', 'FV/2/2026', '2026-12-02', ...SELLER, 'DE811907980', 'Käufer GmbH', 'Hauptstr. 1', 'Żółta część', '1', 'szt.', '10,00', '0 WDT'],
  ['A1', 'FV/1/2026', '02.12.2026', ...SELLER, ...BUYER_A1, 'Obiad; z "deserem"\nna dwie linie', '1', 'szt.', '50', '8'],
];

export const DEFAULT_EXPORT = toCsv(DEFAULT_ROWS);
