import { basename, dirname } from 'node:path';
import type { ErpDocument, InvoiceDraft, ValidationReport } from '../../../core/plugin-api/index.js';
import type { CsvMapping } from '../mapping/CsvMapping.js';
import type { CsvInvoice } from '../mapping/InvoiceBuilder.js';
import { CsvFileError } from '../reading/CsvFileError.js';
import { readInvoices } from '../reading/readInvoices.js';
import { rowResultError, toResultError } from '../results/toResultError.js';
import type { ResultError } from '../results/Ledger.js';
import { pairDrops } from '../taking/pairDrops.js';
import { CheckSummary } from './CheckSummary.js';

export interface CheckOptions {
  /** How many valid invoices to print as FA(3) XML. */
  readonly show: number;
  readonly concurrency?: number;
}

/** The outcome of a dry run: whether everything would be taken, and the summary. */
export interface CheckResult {
  readonly ok: boolean;
  readonly summary: CheckSummary;
}

/**
 * `csv check`: reads files exactly as the plugin would, checks every invoice through the gateway's validation
 * (`ctx.gateway.validate`: draft completion, FA(3) build, XSD, rules; nothing is stored or sent) and writes, in
 * file order, every error with its file, row, column, field and reason, the first valid invoices as FA(3) and a
 * summary. A file that cannot be read at all is reported as such, and the other files are still checked.
 */
export async function checkCsv(files: readonly string[], mapping: CsvMapping, validate: (doc: ErpDocument) => Promise<ValidationReport>, write: (text: string) => void, options: CheckOptions): Promise<CheckResult> {
  const summary = new CheckSummary();
  let ok = true;
  let shown = 0;
  const byDir = new Map<string, string[]>();
  for (const f of files) byDir.set(dirname(f), [...(byDir.get(dirname(f)) ?? []), basename(f)]);
  for (const [dir, names] of byDir) {
    for (const ready of pairDrops(names, mapping, dir)) {
      if (!ready.drop) { ok = false; write(`${ready.name}: matches neither ${mapping.files.header} nor ${mapping.files.lines}; give the header file and its lines file\n`); continue; }
      try {
        await forEachChecked(readInvoices(ready.drop, mapping), validate, options.concurrency ?? 8, (invoice, errors, report) => {
          summary.addInvoice(invoice.lineCount, errors);
          if (errors.length > 0) {
            ok = false;
            for (const e of errors) write(`${e.where ?? ready.name}: ${e.code}: ${e.message}\n`);
          } else if (report?.valid) {
            summary.addTotals(report.xml);
            if (shown++ < options.show) write(`--- ${invoice.docId} as FA(3) ---\n${report.xml}\n`);
          }
        });
      } catch (err) {
        if (!(err instanceof CsvFileError)) throw err;
        ok = false;
        write(`${err.code}: ${err.message}\n`);
      }
    }
  }
  write(summary.render());
  return { ok, summary };
}

type Checked = (invoice: CsvInvoice, errors: readonly ResultError[], report?: ValidationReport) => void;

/** Validates a few invoices at once (the gateway validates on its worker threads), reporting them in file order. */
async function forEachChecked(invoices: AsyncIterable<CsvInvoice>, validate: (doc: ErpDocument) => Promise<ValidationReport>, concurrency: number, done: Checked): Promise<void> {
  const window: Promise<() => void>[] = [];
  for await (const invoice of invoices) {
    window.push(checkOne(invoice, validate, done));
    if (window.length >= concurrency) (await window.shift()!)();
  }
  for (const pending of window) (await pending)();
}

async function checkOne(invoice: CsvInvoice, validate: (doc: ErpDocument) => Promise<ValidationReport>, done: Checked): Promise<() => void> {
  if (invoice.errors.length > 0) {
    const errors = invoice.errors.map(rowResultError);
    return () => done(invoice, errors);
  }
  const report = await validate({ erpId: invoice.docId, payload: { format: 'draft', draft: invoice.draft as unknown as InvoiceDraft, sources: invoice.sources } });
  const errors = report.errors.map(toResultError);
  return () => done(invoice, errors, report);
}

