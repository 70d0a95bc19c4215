import { XMLParser } from 'fast-xml-parser';
import type { OutcomeError } from '../plugin-api/types.js';
import type { DuplicateKey } from './ports/SubmissionStore.js';

export interface InvoiceFacts {
  readonly key: DuplicateKey;
  readonly issueDate: string;
  readonly hasAttachment: boolean;
}

// Only the few elements the pipeline routes by; stopNodes keep the parser from walking the lines and the attachment.
const parser = new XMLParser({
  removeNSPrefix: true, parseTagValue: false, ignoreAttributes: true, ignoreDeclaration: true,
  stopNodes: ['Faktura.Fa.FaWiersz', 'Faktura.Zalacznik', 'Faktura.Podmiot2', 'Faktura.Podmiot3', 'Faktura.Stopka'],
});

type Tree = Record<string, unknown>;
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** Reads the duplicate key (Podmiot1 NIP, RodzajFaktury, P_2), P_1 and whether a Zalacznik is present. */
export function readInvoiceFacts(xml: Buffer | string): { facts?: InvoiceFacts; errors: OutcomeError[] } {
  let root: Tree;
  try {
    root = parser.parse(typeof xml === 'string' ? xml : xml.toString('utf8')) as Tree;
  } catch (e) {
    return { errors: [{ code: 'FA3_NOT_WELL_FORMED', message: `The XML is not well formed: ${(e as Error).message}` }] };
  }
  const faktura = root.Faktura as Tree | undefined;
  if (!faktura) return { errors: [{ code: 'FA3_NOT_FA3', message: 'The root element is not Faktura', location: '/' }] };
  const fa = (faktura.Fa ?? {}) as Tree;
  const podmiot1 = (faktura.Podmiot1 ?? {}) as Tree;
  const ids = (podmiot1.DaneIdentyfikacyjne ?? {}) as Tree;
  const fields: [string, string | undefined][] = [
    ['Podmiot1/DaneIdentyfikacyjne/NIP', text(ids.NIP)], ['Fa/RodzajFaktury', text(fa.RodzajFaktury)],
    ['Fa/P_2', text(fa.P_2)], ['Fa/P_1', text(fa.P_1)],
  ];
  const errors = fields.filter(([, v]) => v === undefined)
    .map(([location]) => ({ code: 'FA3_FIELD_MISSING', location, message: `${location} is missing or empty` }));
  if (errors.length > 0) return { errors };
  const [nip, kind, number, p1] = fields.map(([, v]) => v as string);
  return { facts: { key: { sellerNip: nip, invoiceKind: kind, invoiceNumber: number }, issueDate: p1, hasAttachment: 'Zalacznik' in faktura }, errors: [] };
}
