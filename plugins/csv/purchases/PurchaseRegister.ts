import { mkdir, open, readFile, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { InboundInvoice, PluginStorage } from '../../../core/plugin-api/index.js';

export const REGISTER_COLUMNS = ['ksef_number', 'context_nip', 'seller_nip', 'seller_name', 'invoice_number', 'issue_date', 'net', 'vat', 'gross', 'currency'] as const;

/** A spreadsheet would run a cell starting like this as a formula; the seller chose the text, so it is defused. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One line per row, whatever the seller wrote: line breaks become spaces. */
function text(value: unknown): string {
  const s = typeof value === 'string' ? value.replace(/[\r\n]+/g, ' ') : '';
  return FORMULA_START.test(s) ? `'${s}` : s;
}

/** KSeF's amounts are numbers with at most 2 decimals; written with a dot and 2 decimals. */
function amount(value: unknown): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(2) : '';
}

export function registerRow(i: InboundInvoice): string[] {
  const m = i.metadata;
  return [
    i.ksefNumber, i.contextNip, i.sellerNip, text((m.seller as { name?: unknown } | undefined)?.name), text(i.invoiceNumber), i.issueDate,
    amount(m.netAmount), amount(m.vatAmount), amount(m.grossAmount), typeof m.currency === 'string' ? m.currency : '',
  ];
}

/** The plugin storage collection naming every invoice a register of this instance id has written. */
export const REGISTER_RECORDS = 'purchase-register';

/**
 * The purchase register: one CSV file (UTF-8, CRLF) the instance appends a row to per received invoice. Each row is
 * one write of a whole line, flushed to disk before `receive` acknowledges it; a row torn by a crash (no line end)
 * is cut off before the next write, and the invoice, not acknowledged, comes again. An invoice already written
 * (context and KSeF number) is not written again, so a redelivery never duplicates a row, whichever gateway instance
 * makes it: before writing, the rows other instances appended to the same file since are read, and the plugin's
 * records in the gateway's store (shared by instances on PostgreSQL) say what any instance wrote to its own file.
 */
export class PurchaseRegister {
  private held?: Set<string>;
  /** Bytes of the file read so far (complete rows only). */
  private scanned = 0;

  constructor(private readonly path: string, private readonly delimiter: string, private readonly records?: PluginStorage, private readonly now: () => Date = () => new Date()) {}

  async append(invoice: InboundInvoice): Promise<void> {
    const held = await this.load();
    const id = `${invoice.contextNip} ${invoice.ksefNumber}`;
    if (held.has(id)) return;
    await this.readNewRows(held);
    if (held.has(id)) return;
    if (await this.records?.get(REGISTER_RECORDS, id)) {
      held.add(id);
      return;
    }
    // A register the ERP moved away is started again, with its header.
    const header = (await this.size()) === 0;
    const line = stringify([...(header ? [[...REGISTER_COLUMNS]] : []), registerRow(invoice)], { delimiter: this.delimiter, record_delimiter: 'windows' });
    const fh = await open(this.path, 'a');
    try {
      await fh.write(line);
      await fh.sync();
    } finally {
      await fh.close();
    }
    held.add(id);
    // After the row is on disk: a crash in between leaves the row, which the same file's readers still see.
    await this.records?.insert(REGISTER_RECORDS, id, { writtenAt: this.now().toISOString() });
  }

  /** Reads the KSeF numbers already written, once, after cutting a torn last row. */
  private async load(): Promise<Set<string>> {
    if (this.held) return this.held;
    await mkdir(dirname(this.path), { recursive: true });
    const bytes = await readFile(this.path).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return Buffer.alloc(0);
      throw err;
    });
    const end = bytes.lastIndexOf(0x0a) + 1;
    if (end < bytes.length) await truncate(this.path, end);
    const held = new Set<string>();
    this.addRows(bytes.subarray(0, end), held);
    this.scanned = end;
    this.held = held;
    return held;
  }

  /**
   * Rows appended since the file was last read (by another instance sharing it; ours too): complete lines only. A
   * file shorter than what was read was moved away and started again: it is read from its start.
   */
  private async readNewRows(held: Set<string>): Promise<void> {
    const fh = await open(this.path, 'a+');
    try {
      const size = (await fh.stat()).size;
      if (size < this.scanned) this.scanned = 0;
      if (size === this.scanned) return;
      const bytes = Buffer.alloc(size - this.scanned);
      const { bytesRead } = await fh.read(bytes, 0, bytes.length, this.scanned);
      const end = bytes.subarray(0, bytesRead).lastIndexOf(0x0a) + 1;
      this.addRows(bytes.subarray(0, end), held);
      this.scanned += end;
    } finally {
      await fh.close();
    }
  }

  private addRows(bytes: Buffer, held: Set<string>): void {
    for (const row of bytes.toString('utf8').split('\r\n')) {
      // The first two columns are a KSeF number and a NIP: never quoted, never holding the delimiter.
      const [ksef, context] = row.split(this.delimiter, 2);
      if (ksef && context && ksef !== REGISTER_COLUMNS[0]) held.add(`${context} ${ksef}`);
    }
  }

  private async size(): Promise<number> {
    const fh = await open(this.path, 'a');
    try {
      return (await fh.stat()).size;
    } finally {
      await fh.close();
    }
  }
}
