import type { DraftLine, DraftRate } from '../../plugin-api/draft/DraftLine.js';
import type { InvoiceDraft } from '../../plugin-api/draft/InvoiceDraft.js';
import { vatPercent } from '../../plugin-api/VatRateCode.js';
import type { Fa, Faktura } from '../model/Faktura.js';
import type { ValidationIssue } from '../validation/ValidationIssue.js';
import { annotationsOf } from './draftAnnotations.js';
import { bodyOf } from './draftBodies.js';
import { draftIssue } from './draftIssue.js';
import { dec } from './draftMoney.js';
import { buyerOf, sellerOf } from './draftParties.js';
import { paymentOf } from './draftPayment.js';
import { FieldMap } from './FieldMap.js';
import type { ResolvedReferences } from './resolveReferences.js';

export interface CompleteDraftOptions {
  /** `DataWytworzeniaFa`. */
  readonly now: Date;
  /** The draft's invoice references, resolved (resolveReferences). */
  readonly refs?: ResolvedReferences;
  readonly systemInfo?: string;
}

export interface CompletedDraft {
  readonly invoice: Faktura;
  /** FA(3) path -> draft field, for locating XSD and rule findings. */
  readonly fields: FieldMap;
  /** What the draft itself lacks or contradicts (the FA(3) checks come after, in validateDraft). */
  readonly issues: ValidationIssue[];
}

/** Every line of a draft with its JSON pointer, whatever its kind (order lines, before/after pairs). */
function linesOf(d: InvoiceDraft): [string, DraftLine][] {
  switch (d.kind) {
    case 'VAT': case 'UPR': case 'ROZ': return d.lines.map((l, i) => [`/lines/${i}`, l]);
    case 'ZAL': return d.order.lines.map((l, i) => [`/order/lines/${i}`, l]);
    case 'KOR': case 'KOR_ROZ': case 'KOR_ZAL': {
      const pairs = d.kind === 'KOR_ZAL' ? d.order.lines : d.lines;
      const base = d.kind === 'KOR_ZAL' ? '/order/lines' : '/lines';
      return pairs.flatMap((p, i) => [
        ...(p.before ? [[`${base}/${i}/before`, p.before] as [string, DraftLine]] : []),
        ...(p.after ? [[`${base}/${i}/after`, p.after] as [string, DraftLine]] : []),
      ]);
    }
  }
}

/** Checks that need the whole draft: data one field implies of another. Every finding is collected. */
function checkConsistency(d: InvoiceDraft, lines: [string, DraftLine][], issues: ValidationIssue[]): void {
  const first = (rate: DraftRate): string | undefined => lines.find(([, l]) => l.vatRate === rate)?.[0];
  const exempt = first('zw');
  if (exempt && !d.exemption) {
    issues.push(draftIssue('GW_DRAFT_EXEMPTION_BASIS_MISSING', '/exemption', `line ${exempt} is exempt (zw): give the legal basis of the exemption (exemption: { basis, text })`, 'Fa/Adnotacje/Zwolnienie'));
  } else if (!exempt && d.exemption) {
    issues.push(draftIssue('GW_DRAFT_EXEMPTION_UNUSED', '/exemption', 'exemption is given but no line is exempt (zw); it is left out of the invoice', 'Fa/Adnotacje/Zwolnienie', 'warning'));
  }
  const margin = first('margin');
  if (margin && !d.margin) {
    issues.push(draftIssue('GW_DRAFT_MARGIN_SCHEME_MISSING', '/margin', `line ${margin} is taxed under a margin scheme: name the scheme (margin: travel, used-goods, art or antiques)`, 'Fa/Adnotacje/PMarzy'));
  }
  const currency = d.currency ?? 'PLN';
  const taxed = d.kind === 'ZAL' || d.kind === 'KOR_ZAL' || lines.some(([, l]) => l.vatRate !== 'margin' && vatPercent(l.vatRate) !== undefined);
  if (currency !== 'PLN' && taxed && d.exchangeRate === undefined) {
    issues.push(draftIssue('GW_DRAFT_EXCHANGE_RATE_MISSING', '/exchangeRate', `the invoice is in ${currency} with taxed lines: give the exchange rate (PLN per ${currency}) for the tax in PLN`));
  } else if (d.exchangeRate !== undefined && dec(d.exchangeRate).compare(dec('0')) <= 0) {
    issues.push(draftIssue('GW_DRAFT_INVALID_VALUE', '/exchangeRate', 'the exchange rate must be positive'));
  } else if (currency === 'PLN' && d.exchangeRate !== undefined) {
    issues.push(draftIssue('GW_DRAFT_EXCHANGE_RATE_UNUSED', '/exchangeRate', 'the invoice is in PLN; the exchange rate is ignored', '', 'warning'));
  }
  if (d.saleDate !== undefined && d.salePeriod !== undefined) {
    issues.push(draftIssue('GW_DRAFT_CONFLICT', '/salePeriod', 'give either saleDate or salePeriod, not both', 'Fa/OkresFa'));
  }
  if (d.salePeriod && d.salePeriod.from > d.salePeriod.to) {
    issues.push(draftIssue('GW_DRAFT_INVALID_VALUE', '/salePeriod/to', `the sale period ends (${d.salePeriod.to}) before it starts (${d.salePeriod.from})`, 'Fa/OkresFa/P_6_Do'));
  }
  const p = d.payment;
  if (p?.paid && p.partialPayments?.length) issues.push(draftIssue('GW_DRAFT_CONFLICT', '/payment/partialPayments', 'give either paid or partialPayments, not both', 'Fa/Platnosc'));
  if (p?.method && p.otherMethod !== undefined) issues.push(draftIssue('GW_DRAFT_CONFLICT', '/payment/otherMethod', 'give either method or otherMethod, not both', 'Fa/Platnosc'));
  if (d.kind !== 'UPR' && d.buyer.name === undefined) {
    issues.push(draftIssue('GW_DRAFT_MISSING_FIELD', '/buyer/name', 'the buyer\'s name is required (only a simplified invoice, UPR, may leave it out)', 'Podmiot2/DaneIdentyfikacyjne/Nazwa'));
  }
  if (d.kind !== 'UPR' && d.buyer.address === undefined) {
    issues.push(draftIssue('GW_DRAFT_BUYER_ADDRESS_MISSING', '/buyer/address', 'the buyer\'s address is left out; only a simplified invoice (UPR) may omit it', 'Podmiot2/Adres', 'warning'));
  }
  const count = d.kind === 'ZAL' ? 0 : d.kind === 'KOR_ZAL' ? 0 : d.lines.length;
  (d.extras ?? []).forEach((x, i) => {
    if (x.line !== undefined && x.line > count) issues.push(draftIssue('GW_DRAFT_INVALID_VALUE', `/extras/${i}/line`, `extra ${JSON.stringify(x.key)} names line ${x.line}, but the invoice has ${count} line(s)`));
  });
}

/**
 * Completes a draft (already shape-checked by readDraft) into the canonical FA(3) model: header, parties, every line
 * value, tax buckets with rounding per rate total, PLN tax for foreign currency, `P_15`, `Adnotacje`, payment, the
 * kind's sections. Reports what the draft lacks beside the model; never throws for bad data.
 */
export function completeDraft(d: InvoiceDraft, opts: CompleteDraftOptions): CompletedDraft {
  const fields = new FieldMap();
  const issues: ValidationIssue[] = [];
  const lines = linesOf(d);
  checkConsistency(d, lines, issues);
  const currency = d.currency ?? 'PLN';
  const plnRate = currency !== 'PLN' && d.exchangeRate !== undefined ? dec(d.exchangeRate) : undefined;
  const ctx = { method: d.calculation ?? 'net', fields, refs: opts.refs ?? new Map(), issues, plnRate,
    exchangeRate: plnRate ? d.exchangeRate : undefined } as const;
  const body = bodyOf(d, ctx);
  fields.setAll('Fa', '', { KodWaluty: 'currency', P_1: 'issueDate', P_1M: 'issuePlace', P_2: 'number', P_6: 'saleDate', OkresFa: 'salePeriod', RodzajFaktury: 'kind' });
  fields.setAll('Fa/OkresFa', '/salePeriod', { P_6_Od: 'from', P_6_Do: 'to' });
  const sale = d.saleDate ?? (d.kind === 'ZAL' && d.advance.receivedDate !== d.issueDate ? d.advance.receivedDate : undefined);
  const payment = d.kind === 'ZAL' && d.advance.receivedDate && !d.payment?.paid && !d.payment?.partialPayments?.length
    ? { ...d.payment, paid: { date: d.advance.receivedDate } } : d.payment;
  (d.extras ?? []).forEach((_, i) => fields.setAll(`Fa/DodatkowyOpis[${i + 1}]`, `/extras/${i}`, { NrWiersza: 'line', Klucz: 'key', Wartosc: 'value' }));
  (d.notes ?? []).forEach((_, i) => fields.set(`Stopka/Informacje[${i + 1}]`, `/notes/${i}`));
  const fa: Fa = {
    KodWaluty: currency,
    P_1: d.issueDate,
    ...(d.issuePlace !== undefined && { P_1M: d.issuePlace }),
    P_2: d.number,
    ...(sale !== undefined && { P_6: sale }),
    ...(d.salePeriod && !d.saleDate && { OkresFa: { P_6_Od: d.salePeriod.from, P_6_Do: d.salePeriod.to } }),
    ...body,
    Adnotacje: annotationsOf(d, new Set(lines.map(([, l]) => l.vatRate)), fields),
    RodzajFaktury: d.kind,
    ...(d.extras?.length && { DodatkowyOpis: d.extras.map((x) => ({ ...(x.line !== undefined && { NrWiersza: String(x.line) }), Klucz: x.key, Wartosc: x.value })) }),
    ...(payment && { Platnosc: paymentOf(payment, dec(body.P_15), fields) }),
  };
  const invoice: Faktura = {
    Naglowek: {
      KodFormularza: { '#text': 'FA', '@kodSystemowy': 'FA (3)', '@wersjaSchemy': '1-0E' },
      WariantFormularza: '3',
      DataWytworzeniaFa: `${opts.now.toISOString().slice(0, 19)}Z`,
      SystemInfo: opts.systemInfo ?? 'ksef-gateway',
    },
    Podmiot1: sellerOf(d.seller, fields),
    Podmiot2: buyerOf(d.buyer, fields),
    Fa: fa,
    ...(d.notes?.length && { Stopka: { Informacje: d.notes.map((n) => ({ StopkaFaktury: n })) } }),
  };
  return { invoice, fields, issues };
}
