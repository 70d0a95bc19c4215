import type { DraftCorrectionLine, DraftLine, DraftRate } from '../../plugin-api/draft/DraftLine.js';
import type { AdvanceCorrectionDraft, AdvanceDraft, CorrectionDraft, InvoiceDraft, SettlementDraft } from '../../plugin-api/draft/InvoiceDraft.js';
import type { DaneFaKorygowanej, Fa, FakturaZaliczkowa, ZamowienieWiersz } from '../model/Faktura.js';
import { Decimal } from '../rules/Decimal.js';
import type { ValidationIssue } from '../validation/ValidationIssue.js';
import { draftIssue } from './draftIssue.js';
import { faCorrectionLinesOf, faLineOf, orderLineOf, type LineContext } from './draftLines.js';
import {
  amountsOf, dec, plnTaxFromBase, plnTaxFromTax, splitAdvance, subtractAmounts, writeBuckets, type RateAmount,
} from './draftMoney.js';
import type { ResolvedInvoice, ResolvedReferences } from './resolveReferences.js';

export interface BodyContext extends LineContext {
  readonly refs: ResolvedReferences;
  readonly issues: ValidationIssue[];
  /** PLN per currency unit for a foreign-currency invoice. */
  readonly plnRate?: Decimal;
}

/** What the kind-specific part of an invoice adds to `Fa`, and `P_15`. */
export type Body = Partial<Fa> & { readonly P_15: string };

/** Fills lines, tax buckets, `P_15` and the kind's own sections (correction data, order, advance invoices). */
export function bodyOf(d: InvoiceDraft, ctx: BodyContext): Body {
  switch (d.kind) {
    case 'VAT': case 'UPR': return saleBody(d.lines, ctx);
    case 'ROZ': return settlementBody(d, ctx);
    case 'ZAL': return advanceBody(d, ctx);
    case 'KOR': case 'KOR_ROZ': return correctionBody(d, ctx);
    case 'KOR_ZAL': return advanceCorrectionBody(d, ctx);
  }
}

function finish(fa: Partial<Fa>, amounts: ReadonlyMap<DraftRate, RateAmount>, ctx: BodyContext, advance = false): Body {
  const pln = ctx.plnRate ? (advance ? plnTaxFromTax(ctx.plnRate) : plnTaxFromBase(ctx.plnRate)) : undefined;
  const total = writeBuckets(fa as Fa, amounts, pln);
  ctx.fields.set('Fa/P_15', '');
  return { ...fa, P_15: total.toFixed2() };
}

function saleBody(lines: readonly DraftLine[], ctx: BodyContext): Body {
  const rows = lines.map((l, i) => faLineOf(l, i + 1, i + 1, `/lines/${i}`, ctx));
  return finish({ FaWiersz: rows.map((r) => r.row) }, amountsOf(rows.map((r) => [r.rate, r.value]), ctx.method), ctx);
}

function settlementBody(d: SettlementDraft, ctx: BodyContext): Body {
  const rows = d.lines.map((l, i) => faLineOf(l, i + 1, i + 1, `/lines/${i}`, ctx));
  let amounts = amountsOf(rows.map((r) => [r.rate, r.value]), ctx.method);
  const refs: FakturaZaliczkowa[] = [];
  d.advances.forEach((a, i) => {
    const ref = ctx.refs.get(`/advances/${i}/invoice`);
    if (ref) refs.push(advanceRef(ref));
    ctx.fields.set(`Fa/FakturaZaliczkowa[${i + 1}]`, `/advances/${i}/invoice`);
    const given = a.amounts ?? ref?.amounts;
    if (!given) {
      if (ref) ctx.issues.push(draftIssue('GW_DRAFT_ADVANCE_AMOUNTS_MISSING', `/advances/${i}/amounts`,
        `advance invoice ${ref.number}: give the net and VAT it carried per rate (amounts); the gateway knows them only for advance invoices it sent itself, referenced by ERP id`));
      return;
    }
    amounts = subtractAmounts(amounts, new Map(given.map((x) => [x.vatRate, { net: dec(x.net), tax: dec(x.vat) }])));
  });
  return finish({ FaWiersz: rows.map((r) => r.row), FakturaZaliczkowa: refs }, amounts, ctx);
}

function advanceRef(ref: ResolvedInvoice): FakturaZaliczkowa {
  return ref.ksefNumber ? { NrKSeFFaZaliczkowej: ref.ksefNumber } : { NrKSeFZN: '1', NrFaZaliczkowej: ref.number };
}

function orderOf(lines: readonly DraftLine[], ctx: BodyContext): { rows: ZamowienieWiersz[]; weights: Map<DraftRate, Decimal> } {
  const weights = new Map<DraftRate, Decimal>();
  const rows = lines.map((l, i) => {
    const r = orderLineOf(l, i + 1, i + 1, `/order/lines/${i}`, ctx);
    weights.set(r.rate, (weights.get(r.rate) ?? Decimal.ZERO).add(r.gross));
    return r.row;
  });
  return { rows, weights };
}

const sumOf = (m: ReadonlyMap<DraftRate, Decimal>): Decimal => [...m.values()].reduce((s, v) => s.add(v), Decimal.ZERO);

function advanceBody(d: AdvanceDraft, ctx: BodyContext): Body {
  const { rows, weights } = orderOf(d.order.lines, ctx);
  ctx.fields.set('Fa/Zamowienie', '/order');
  ctx.fields.set('Fa/KursWalutyZ', '/exchangeRate');
  const earlier = (d.earlierAdvances ?? []).flatMap((_, i) => {
    ctx.fields.set(`Fa/FakturaZaliczkowa[${i + 1}]`, `/earlierAdvances/${i}`);
    const ref = ctx.refs.get(`/earlierAdvances/${i}`);
    return ref ? [advanceRef(ref)] : [];
  });
  const body = finish({
    ...(ctx.plnRate && { KursWalutyZ: ctx.exchangeRate }),
    ...(earlier.length > 0 && { FakturaZaliczkowa: earlier }),
    Zamowienie: { WartoscZamowienia: sumOf(weights).toFixed2(), ZamowienieWiersz: rows },
  }, splitAdvance(dec(d.advance.amount), weights), ctx, true);
  ctx.fields.set('Fa/P_15', '/advance/amount');
  return body;
}

function correctionData(d: CorrectionDraft | AdvanceCorrectionDraft, ctx: BodyContext): Partial<Fa> {
  const of = d.correction.of;
  const pointers = Array.isArray(of) ? of.map((_, i) => `/correction/of/${i}`) : ['/correction/of'];
  const corrected: DaneFaKorygowanej[] = pointers.flatMap((p, i) => {
    ctx.fields.set(`Fa/DaneFaKorygowanej[${i + 1}]`, p);
    const ref = ctx.refs.get(p);
    if (!ref) return [];
    const base = { DataWystFaKorygowanej: ref.issueDate, NrFaKorygowanej: ref.number };
    return [ref.ksefNumber ? { ...base, NrKSeF: '1' as const, NrKSeFFaKorygowanej: ref.ksefNumber } : { ...base, NrKSeFN: '1' as const }];
  });
  ctx.fields.set('Fa/PrzyczynaKorekty', '/correction/reason');
  ctx.fields.set('Fa/TypKorekty', '/correction/effect');
  const effect = d.correction.effect;
  return {
    ...(d.correction.reason !== undefined && { PrzyczynaKorekty: d.correction.reason }),
    ...(effect && { TypKorekty: ({ 'original-date': '1', 'correction-date': '2', other: '3' } as const)[effect] }),
    DaneFaKorygowanej: corrected,
  };
}

function correctionBody(d: CorrectionDraft, ctx: BodyContext): Body {
  const values: [DraftRate, Decimal][] = [];
  const rows = faCorrectionLinesOf(d.lines, '/lines', ctx, (rate, v) => values.push([rate, v]));
  const extra = d.kind === 'KOR_ROZ' ? { P_15ZK: dec(d.remainingBefore).toFixed2() } : {};
  ctx.fields.set('Fa/P_15ZK', '/remainingBefore');
  return finish({ ...correctionData(d, ctx), ...extra, ...(rows.length > 0 && { FaWiersz: rows }) }, amountsOf(values, ctx.method), ctx);
}

function advanceCorrectionBody(d: AdvanceCorrectionDraft, ctx: BodyContext): Body {
  const rows: ZamowienieWiersz[] = [];
  const before = new Map<DraftRate, Decimal>();
  const after = new Map<DraftRate, Decimal>();
  const add = (m: Map<DraftRate, Decimal>, rate: DraftRate, v: Decimal): void => { m.set(rate, (m.get(rate) ?? Decimal.ZERO).add(v)); };
  d.order.lines.forEach((pair: DraftCorrectionLine, i) => {
    if (pair.before) {
      const r = orderLineOf(pair.before, i + 1, rows.length + 1, `/order/lines/${i}/before`, ctx, true);
      rows.push(r.row);
      add(before, r.rate, r.gross);
    }
    if (pair.after) {
      const r = orderLineOf(pair.after, i + 1, rows.length + 1, `/order/lines/${i}/after`, ctx);
      rows.push(r.row);
      add(after, r.rate, r.gross);
    }
  });
  ctx.fields.set('Fa/Zamowienie', '/order');
  ctx.fields.set('Fa/P_15ZK', '/advance/before');
  ctx.fields.set('Fa/KursWalutyZ', '/exchangeRate');
  const delta = subtractAmounts(splitAdvance(dec(d.advance.after), after), splitAdvance(dec(d.advance.before), before));
  return finish({
    ...correctionData(d, ctx),
    P_15ZK: dec(d.advance.before).toFixed2(),
    ...(ctx.plnRate && { KursWalutyZ: ctx.exchangeRate }),
    Zamowienie: { WartoscZamowienia: sumOf(after).toFixed2(), ZamowienieWiersz: rows },
  }, delta, ctx, true);
}
