import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FA3_SAMPLES_DIR } from '../sharedDir.js';

const base = readFileSync(join(FA3_SAMPLES_DIR, 'FA_3_Przyklad_1.xml'), 'utf8');
const line = /<FaWiersz>[\s\S]*?<\/FaWiersz>/.exec(base)?.[0] ?? '';

export interface InvoiceXmlOptions {
  readonly sellerNip?: string;
  readonly number: string;
  readonly issueDate?: string;
  /** Number of FaWiersz lines (copies of the sample's first line, renumbered). */
  readonly lines?: number;
}

/** The Ministry's sample 1 with its own seller, P_2 and line count (DECISIONS.md 7: each copy gets its own P_2). */
export function invoiceXml(o: InvoiceXmlOptions): string {
  let xml = base.replace('<NIP>9999999999</NIP>', `<NIP>${o.sellerNip ?? '9999999999'}</NIP>`)
    .replace(/<P_2>[^<]*<\/P_2>/, `<P_2>${o.number}</P_2>`);
  if (o.issueDate) xml = xml.replace(/<P_1>[^<]*<\/P_1>/, `<P_1>${o.issueDate}</P_1>`);
  if (o.lines !== undefined) {
    const all = Array.from({ length: o.lines }, (_, i) => line.replace(/<NrWierszaFa>\d+<\/NrWierszaFa>/, `<NrWierszaFa>${i + 1}</NrWierszaFa>`));
    xml = xml.replace(/(\s*<FaWiersz>[\s\S]*?<\/FaWiersz>)+/, `\n\t\t${all.join('\n\t\t')}`);
  }
  return xml;
}
