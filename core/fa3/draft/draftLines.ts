import type { DraftCorrectionLine, DraftLine, DraftRate } from '../../plugin-api/draft/DraftLine.js';
import type { FaWiersz, ZamowienieWiersz } from '../model/Faktura.js';
import type { Decimal } from '../rules/Decimal.js';
import type { FieldMap } from './FieldMap.js';
import { amountOfTotal, lineValue, type CalculationMethod } from './draftMoney.js';

export interface LineContext {
  readonly method: CalculationMethod;
  /** PLN per unit of a foreign currency (`KursWaluty` on each line); undefined for PLN. */
  readonly exchangeRate?: string;
  readonly fields: FieldMap;
}

const LINE_FIELDS = {
  NrWierszaFa: '', UU_ID: 'id', P_6A: 'saleDate', P_7: 'name', Indeks: 'index', GTIN: 'gtin', PKWiU: 'pkwiu', CN: 'cn',
  P_8A: 'unit', P_8B: 'quantity', P_9A: 'unitPrice', P_9B: 'unitPrice', P_10: 'discount', P_11: '', P_11A: '',
  P_12: 'vatRate', P_12_Zal_15: 'annex15', GTU: 'gtu', KursWaluty: '',
};

/** One draft line as a `FaWiersz` row at FA(3) position `row` (1-based); returns the row and its value. */
export function faLineOf(line: DraftLine, number: number, row: number, pointer: string, ctx: LineContext, before = false): { row: FaWiersz; rate: DraftRate; value: Decimal } {
  const value = lineValue(line);
  const net = ctx.method === 'net';
  ctx.fields.setAll(`Fa/FaWiersz[${row}]`, pointer, LINE_FIELDS);
  const fa: FaWiersz = {
    NrWierszaFa: String(number),
    ...(line.id !== undefined && { UU_ID: line.id }),
    ...(line.saleDate !== undefined && { P_6A: line.saleDate }),
    P_7: line.name,
    ...(line.index !== undefined && { Indeks: line.index }),
    ...(line.gtin !== undefined && { GTIN: line.gtin }),
    ...(line.pkwiu !== undefined && { PKWiU: line.pkwiu }),
    ...(line.cn !== undefined && { CN: line.cn }),
    ...(line.unit !== undefined && { P_8A: line.unit }),
    P_8B: line.quantity,
    ...(net ? { P_9A: line.unitPrice } : { P_9B: line.unitPrice }),
    ...(line.discount !== undefined && { P_10: line.discount }),
    ...(net ? { P_11: value.toFixed2() } : { P_11A: value.toFixed2() }),
    ...(line.vatRate !== 'margin' && { P_12: line.vatRate }),
    ...(line.annex15 && { P_12_Zal_15: '1' as const }),
    ...(line.gtu !== undefined && { GTU: line.gtu }),
    ...(ctx.exchangeRate !== undefined && { KursWaluty: ctx.exchangeRate }),
    ...(before && { StanPrzed: '1' as const }),
  };
  return { row: fa, rate: line.vatRate, value };
}

/**
 * Correction lines as FA(3) rows: the before row (`StanPrzed`) then the after row, sharing one line number as in
 * MF Przykład 2. `signed` receives each row's value, negative for before rows, for the differences.
 */
export function faCorrectionLinesOf(lines: readonly DraftCorrectionLine[], base: string, ctx: LineContext, signed: (rate: DraftRate, v: Decimal) => void): FaWiersz[] {
  const rows: FaWiersz[] = [];
  lines.forEach((pair, i) => {
    if (pair.before) {
      const r = faLineOf(pair.before, i + 1, rows.length + 1, `${base}/${i}/before`, ctx, true);
      rows.push(r.row);
      signed(r.rate, r.value.neg());
    }
    if (pair.after) {
      const r = faLineOf(pair.after, i + 1, rows.length + 1, `${base}/${i}/after`, ctx);
      rows.push(r.row);
      signed(r.rate, r.value);
    }
  });
  return rows;
}

/**
 * An order line (`ZamowienieWiersz`, advance invoices) with its own net and VAT, and its gross value, which weighs
 * the advance split. `P_9AZ` is the net unit price, so gross-priced lines leave it out.
 */
export function orderLineOf(line: DraftLine, number: number, row: number, pointer: string, ctx: LineContext, before = false): { row: ZamowienieWiersz; rate: DraftRate; gross: Decimal } {
  const amount = amountOfTotal(line.vatRate, lineValue(line), ctx.method);
  ctx.fields.setAll(`Fa/Zamowienie/ZamowienieWiersz[${row}]`, pointer, {
    NrWierszaZam: '', UU_IDZ: 'id', P_7Z: 'name', IndeksZ: 'index', GTINZ: 'gtin', PKWiUZ: 'pkwiu', CNZ: 'cn', P_8AZ: 'unit',
    P_8BZ: 'quantity', P_9AZ: 'unitPrice', P_11NettoZ: '', P_11VatZ: '', P_12Z: 'vatRate', P_12Z_Zal_15: 'annex15', GTUZ: 'gtu',
  });
  const fa: ZamowienieWiersz = {
    NrWierszaZam: String(number),
    ...(line.id !== undefined && { UU_IDZ: line.id }),
    P_7Z: line.name,
    ...(line.index !== undefined && { IndeksZ: line.index }),
    ...(line.gtin !== undefined && { GTINZ: line.gtin }),
    ...(line.pkwiu !== undefined && { PKWiUZ: line.pkwiu }),
    ...(line.cn !== undefined && { CNZ: line.cn }),
    ...(line.unit !== undefined && { P_8AZ: line.unit }),
    P_8BZ: line.quantity,
    ...(ctx.method === 'net' && !line.discount && { P_9AZ: line.unitPrice }),
    P_11NettoZ: amount.net.toFixed2(),
    P_11VatZ: amount.tax.toFixed2(),
    ...(line.vatRate !== 'margin' && { P_12Z: line.vatRate }),
    ...(line.annex15 && { P_12Z_Zal_15: '1' as const }),
    ...(line.gtu !== undefined && { GTUZ: line.gtu }),
    ...(before && { StanPrzedZ: '1' as const }),
  };
  return { row: fa, rate: line.vatRate, gross: amount.net.add(amount.tax) };
}
