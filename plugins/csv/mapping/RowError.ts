/**
 * A fault of one row (or of one invoice), located in the file: it rejects that invoice only, never the file.
 * `field` is the draft path (`lines.unitPrice`, `buyer.id.nip`) when the fault is about one value.
 */
export interface RowError {
  readonly code: string;
  readonly message: string;
  readonly file: string;
  readonly row?: number;
  readonly column?: string;
  readonly field?: string;
}

/** `invoices.csv row 12 column Cena (lines.unitPrice): "12,3x" is not a number` */
export function describeRowError(e: RowError): string {
  const where = [e.file, e.row !== undefined ? `row ${e.row}` : '', e.column ? `column ${e.column}` : ''].filter(Boolean).join(' ');
  return `${where}${e.field ? ` (${e.field})` : ''}: ${e.message}`;
}
