import { createHash } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import type { InboundInvoice } from '../../../core/plugin-api/index.js';
import type { IdocSegment } from '../idoc/Idoc.js';
import type { IdocContent } from '../idoc/writeIdoc.js';
import type { SapMapping } from '../mapping/SapMapping.js';
import type { StatusRouting } from '../status/buildStatusIdoc.js';

/** Control-record values of an inbound purchase invoice: as for status IDocs (the gateway as sender, SAP's logical
 * system as receiver), plus the message code. */
export interface PurchaseRouting extends StatusRouting {
  /** MESCOD: `MM` selects logistics invoice verification (process code INVL) in SAP's partner profile. */
  readonly MESCOD: string;
}

type Node = Record<string, unknown>;
const parser = new XMLParser({
  removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, trimValues: true,
  isArray: (name) => ['FaWiersz', 'TerminPlatnosci', 'Podmiot3'].includes(name),
});

const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
const node = (v: unknown): Node => (v && typeof v === 'object' && !Array.isArray(v) ? v as Node : {});
const sapDate = (iso: string): string => (/^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10).replace(/-/g, '') : '');
/** SAP's CHAR fields have fixed lengths: longer text is cut, never refused (the XML is delivered whole beside it). */
const cut = (s: string, n: number): string => s.slice(0, n);

/** The sender's IDoc number: 16 digits from the KSeF number, so that a resend after a crash carries the same one. */
function docnumOf(ksefNumber: string): string {
  return (BigInt(`0x${createHash('sha256').update(ksefNumber).digest('hex').slice(0, 15)}`) % 10n ** 16n).toString().padStart(16, '0');
}

/** The FA(3) parts the IDoc needs; an invoice that is not FA(3) (KSeF also holds other forms) gives none. */
function readFaktura(xml: string): { fa: Node; seller: Node; buyer: Node } | undefined {
  try {
    const root = node(parser.parse(xml) as unknown).Faktura;
    if (!root) return undefined;
    const f = node(root);
    return { fa: node(f.Fa), seller: node(f.Podmiot1), buyer: node(f.Podmiot2) };
  } catch {
    return undefined;
  }
}

/**
 * A received invoice as an inbound INVOIC02 IDoc (message INVOIC, `MESCOD` MM for logistics invoice verification):
 * the seller as invoicing party (E1EDKA1 RS) and the company as bill-to (RE), both by NIP in PARTN (SAP's partner
 * profile or vendor master maps it to LIFNR); the invoice number and dates; one E1EDP01 per FA(3) line with its
 * text, quantity, unit (ISO code from the mapping's `units`), net price and value and its tax code (MWSKZ from the
 * mapping's `taxCodes`, or the rate in MSATZ); KSeF's totals in E1EDS01; the KSeF number in ARCKEY ("document ID in
 * external system"), by which SAP can refuse a second IDoc for the same invoice.
 */
export function buildPurchaseIdoc(invoice: InboundInvoice, routing: PurchaseRouting, mapping: Pick<SapMapping, 'units' | 'taxCodes'>, at: Date): IdocContent {
  const m = invoice.metadata as { currency?: unknown; netAmount?: unknown; vatAmount?: unknown; grossAmount?: unknown; seller?: { name?: unknown }; buyer?: { identifier?: { value?: unknown }; name?: unknown } };
  const parsed = readFaktura(invoice.xml);
  const fa = parsed?.fa ?? {};
  const currency = text(fa.KodWaluty) || text(m.currency);
  const sellerId = node(parsed?.seller.DaneIdentyfikacyjne);
  const sellerAddress = node(parsed?.seller.Adres);
  const buyerId = node(parsed?.buyer.DaneIdentyfikacyjne);
  const buyerNip = text(buyerId.NIP) || text(m.buyer?.identifier?.value) || invoice.contextNip;
  // The first ISO code listed for a unit text (PCE before EA for szt.), as for tax codes.
  const unitCode = new Map<string, string>();
  for (const [iso, polish] of Object.entries(mapping.units)) if (!unitCode.has(polish)) unitCode.set(polish, iso);
  const taxCode = new Map<string, string>();
  for (const [mwskz, rate] of Object.entries(mapping.taxCodes)) if (!taxCode.has(rate)) taxCode.set(rate, mwskz);

  let segnum = 0;
  const seg = (name: string, fields: Record<string, string>, children: IdocSegment[] = []): IdocSegment => ({
    name, segnum: ++segnum, known: true, children, fields: Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== '')),
  });
  const tax = (rate: string): Record<string, string> => ({ MWSKZ: taxCode.get(rate) ?? '', MSATZ: /^\d+(\.\d+)?$/.test(rate) ? rate : '' });

  const segments: IdocSegment[] = [
    seg('E1EDK01', {
      CURCY: cut(currency, 3), BSART: 'INVO', BELNR: cut(invoice.invoiceNumber, 35),
      EIGENUINR: `PL${invoice.sellerNip}`, KUNDEUINR: buyerNip ? `PL${buyerNip}` : '',
    }),
    seg('E1EDKA1', {
      PARVW: 'RS', PARTN: invoice.sellerNip, NAME1: cut(text(sellerId.Nazwa) || text(m.seller?.name), 35),
      STRAS: cut(text(sellerAddress.AdresL1), 35), ORT01: cut(text(sellerAddress.AdresL2), 35), LAND1: cut(text(sellerAddress.KodKraju), 3),
    }),
    seg('E1EDKA1', { PARVW: 'RE', PARTN: buyerNip, NAME1: cut(text(buyerId.Nazwa) || text(m.buyer?.name), 35) }),
    seg('E1EDK02', { QUALF: '009', BELNR: cut(invoice.invoiceNumber, 35), DATUM: sapDate(invoice.issueDate) }),
    seg('E1EDK03', { IDDAT: '012', DATUM: sapDate(invoice.issueDate) }),
  ];
  if (text(fa.P_6)) segments.push(seg('E1EDK03', { IDDAT: '027', DATUM: sapDate(text(fa.P_6)) }));
  const terms = node(fa.Platnosc).TerminPlatnosci;
  const due = node(Array.isArray(terms) ? terms[0] : undefined);
  if (text(due.Termin)) segments.push(seg('E1EDK03', { IDDAT: '028', DATUM: sapDate(text(due.Termin)) }));

  const lines = Array.isArray(fa.FaWiersz) ? fa.FaWiersz.map(node) : [];
  for (const l of lines) {
    const unit = text(l.P_8A);
    const net = text(l.P_11);
    segments.push(seg('E1EDP01', {
      POSEX: text(l.NrWierszaFa).padStart(6, '0').slice(-6), MENGE: text(l.P_8B), MENEE: unitCode.get(unit) ?? (unit.length <= 3 ? unit : ''),
      VPREI: text(l.P_9A), NETWR: net,
    }, [
      seg('E1EDP19', { QUALF: '002', KTEXT: cut(text(l.P_7), 70) }),
      ...(net ? [seg('E1EDP26', { QUALF: '003', BETRG: net })] : []),
      ...(text(l.P_11A) ? [seg('E1EDP26', { QUALF: '002', BETRG: text(l.P_11A) })] : []),
      ...(text(l.P_12) ? [seg('E1EDP04', tax(text(l.P_12)))] : []),
    ]));
  }
  const amount = (v: unknown): string => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(2) : '');
  for (const [sumid, value] of [['010', m.netAmount], ['005', m.vatAmount], ['011', m.grossAmount]] as const) {
    if (amount(value)) segments.push(seg('E1EDS01', { SUMID: sumid, SUMME: amount(value), WAERQ: cut(currency, 3) }));
  }

  const stamp = at.toISOString();
  const control = Object.fromEntries(Object.entries({
    TABNAM: 'EDI_DC40', MANDT: routing.MANDT ?? '', DOCNUM: docnumOf(invoice.ksefNumber), DIRECT: '2', IDOCTYP: 'INVOIC02', MESTYP: 'INVOIC', MESCOD: routing.MESCOD,
    SNDPOR: routing.SNDPOR, SNDPRT: routing.SNDPRT, SNDPRN: routing.SNDPRN, RCVPOR: routing.RCVPOR, RCVPRT: routing.RCVPRT, RCVPRN: routing.RCVPRN,
    CREDAT: stamp.slice(0, 10).replace(/-/g, ''), CRETIM: stamp.slice(11, 19).replace(/:/g, ''), ARCKEY: invoice.ksefNumber,
  }).filter(([, v]) => v !== ''));
  return { control, segments };
}
