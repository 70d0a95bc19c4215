import type { InvoiceMeta, StatusInfo } from '../store/records.js';
import { decimalSum } from './decimalSum.js';
import { readOtherSubjects } from './readOtherSubjects.js';
import { scanXml } from './scanXml.js';
import type { SimXsd } from './SimXsd.js';

export type CheckResult = { ok: true; meta: InvoiceMeta; invoiceNumber: string } | { ok: false; status: StatusInfo; invoiceNumber?: string };

export interface CheckInput { xml: Buffer; attachmentsAllowed: boolean; now: Date; formCode: InvoiceMeta['formCode'] }

/** Decides what KSeF would decide about one invoice file before the duplicate check (430, 415, 450). */
export interface InvoiceChecker {
  check(input: CheckInput): CheckResult;
}

const MB = 1_000_000;
// XML 1.0's discouraged characters, which KSeF refuses (PROTOCOL.md §6.8): controls, and the noncharacters of every plane.
const PLANE_ENDS = Array.from({ length: 17 }, (_, p) => `\\u{${(p * 0x10000 + 0xfffe).toString(16)}}\\u{${(p * 0x10000 + 0xffff).toString(16)}}`).join('');
const DISCOURAGED = new RegExp(`[\\u007F-\\u0084\\u0086-\\u009F\\uFDD0-\\uFDEF${PLANE_ENDS}]`, 'u');
// The only parts of an invoice the checks and the metadata read; the rest is only checked for well-formedness.
const READ = ['Fa', 'Fa/Adnotacje', 'Podmiot1/DaneIdentyfikacyjne', 'Podmiot2/DaneIdentyfikacyjne'];
const UTF8 = new TextDecoder('utf-8', { fatal: true });

const fileError = (detail: string): CheckResult => ({ ok: false, status: { code: 430, description: 'Błąd weryfikacji pliku faktury', details: [detail] } });
const semanticError = (details: string[], invoiceNumber?: string): CheckResult =>
  ({ ok: false, invoiceNumber, status: { code: 450, description: 'Błąd weryfikacji semantyki dokumentu faktury', details } });

// One formatter for the process: building it per call cost more than the XSD check.
const WARSAW = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit' });

// Warsaw's offsets are whole hours, so a UTC minute never straddles two Warsaw days: the last one answered is kept.
let lastMinute = NaN;
let lastDay = '';

/** Warsaw calendar day of an instant, `YYYY-MM-DD`. */
export function warsawDay(d: Date): string {
  const minute = Math.floor(d.getTime() / 60_000);
  if (minute !== lastMinute) {
    lastDay = WARSAW.format(d);
    lastMinute = minute;
  }
  return lastDay;
}

/** File-level checks, the FA(3) XSD (when schemas are known), then the few semantic rules KSeF documents. */
export class DefaultInvoiceChecker implements InvoiceChecker {
  constructor(private readonly xsd?: SimXsd) {}

  check({ xml, attachmentsAllowed, now, formCode }: CheckInput): CheckResult {
    if (xml[0] === 0xef && xml[1] === 0xbb && xml[2] === 0xbf) return fileError('Plik zawiera znacznik BOM.');
    let text: string;
    try {
      text = UTF8.decode(xml);
    } catch {
      return fileError('Nieprawidłowe kodowanie znaków (wymagane UTF-8).');
    }
    const prolog = /^<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/.exec(text);
    if (prolog && prolog[1].toLowerCase() !== 'utf-8') return fileError(`Deklarowane kodowanie ${prolog[1]} jest niedozwolone.`);
    if (/<\?(?!xml[\s?])/.test(text)) return fileError('Plik zawiera instrukcje przetwarzania.');
    if (DISCOURAGED.test(text)) return fileError('Plik zawiera niedozwolone znaki Unicode.');
    const hasAttachment = /<(\w+:)?Zalacznik[\s>]/.test(text);
    const limit = hasAttachment ? 3 * MB : MB;
    if (xml.length > limit) return fileError(`Rozmiar pliku ${xml.length} B przekracza limit ${limit} B.`);
    // The scan comes first: a DOCTYPE is refused before libxml2 reads its DTD.
    const scan = scanXml(text, READ);
    if (scan.error) return fileError(`Nieprawidłowy XML: ${scan.error.message} (linia ${scan.error.line}).`);
    if (scan.doctype) return fileError('Plik zawiera deklarację DOCTYPE, która jest niedozwolona.');
    const schema = this.xsd?.validate(xml);
    if (schema?.notWellFormed) return fileError(`Nieprawidłowy XML: ${schema.notWellFormed}`);
    const fa = scan.groups.Fa;
    const invoiceNumber = fa.P_2;
    if (schema && schema.issues.length > 0) return semanticError(['Nieprawidłowy XML', ...schema.issues], invoiceNumber);
    if (scan.root !== 'Faktura' || !invoiceNumber) return semanticError(['Dokument nie jest fakturą FA(3).'], invoiceNumber);
    if (hasAttachment && !attachmentsAllowed) {
      return { ok: false, invoiceNumber, status: { code: 415, description: 'Brak możliwości wysyłania faktury z załącznikiem' } };
    }
    const p1 = fa.P_1 ?? '';
    if (p1 > warsawDay(now)) return semanticError([`Data wystawienia faktury (P_1 ${p1}) jest późniejsza niż data przyjęcia.`], invoiceNumber);

    const seller = scan.groups['Podmiot1/DaneIdentyfikacyjne'];
    const buyerIds = scan.groups['Podmiot2/DaneIdentyfikacyjne'];
    const net = Object.keys(fa).filter((k) => /^P_13_\d+$/.test(k)).map((k) => fa[k]!);
    const vat = Object.keys(fa).filter((k) => /^P_14_\d+$/.test(k)).map((k) => fa[k]!);
    return {
      ok: true,
      invoiceNumber,
      meta: {
        sellerNip: seller.NIP ?? '',
        sellerName: seller.Nazwa,
        buyerIdType: buyerIds.NIP ? 'Nip' : buyerIds.NrVatUE ? 'VatUe' : buyerIds.NrID ? 'Other' : 'None',
        buyerId: buyerIds.NIP ?? (buyerIds.NrVatUE ? `${buyerIds.KodUE ?? ''}${buyerIds.NrVatUE}` : buyerIds.NrID),
        buyerName: buyerIds.Nazwa,
        issueDate: p1,
        currency: fa.KodWaluty ?? 'PLN',
        net: decimalSum(net),
        vat: decimalSum(vat),
        gross: fa.P_15 ?? '0',
        invoiceType: fa.RodzajFaktury ?? '',
        hasAttachment,
        formCode,
        selfInvoicing: scan.groups['Fa/Adnotacje'].P_17 === '1',
        ...readOtherSubjects(text),
      },
    };
  }
}
