import { Decimal, VAT_RATE_CODES, type DraftLine, type VatRateCode } from '../../../core/plugin-api/index.js';
import type { IdocSegment } from '../idoc/Idoc.js';
import type { MappingContext } from './MappingContext.js';

/** A mapped item with the values the totals check needs. */
export interface MappedLine {
  readonly line: DraftLine;
  readonly net: Decimal;
  readonly segment: IdocSegment;
}

const PERCENT_CODES: ReadonlySet<string> = new Set(VAT_RATE_CODES.filter((c) => /^\d+$/.test(c)));

/** The FA(3) rate code of an item's tax segment: MWSKZ through the mapping, or a taxed MSATZ when allowed. */
export function rateOf(ctx: MappingContext, tax: IdocSegment | undefined, item: IdocSegment, pointer: string): VatRateCode | undefined {
  if (!tax) {
    ctx.error('GW_SAP_MAP_TAX_MISSING', 'item has no E1EDP04 tax segment', item);
    return undefined;
  }
  ctx.source(pointer, tax, 'MWSKZ');
  const code = tax.fields.MWSKZ ?? '';
  const mapped = ctx.mapping.taxCodes[code];
  if (mapped) return mapped;
  const percent = Decimal.parse(tax.fields.MSATZ?.replace(/-$/, '') ?? '');
  const asCode = percent && percent.equals(percent.round(0)) ? percent.round(0).toString() : undefined;
  if (ctx.mapping.rateFromPercent && asCode && PERCENT_CODES.has(asCode)) return asCode as VatRateCode;
  ctx.error('GW_SAP_MAP_TAX_CODE_UNMAPPED', `tax code "${code}" (${tax.fields.MSATZ ?? '?'} %) has no FA(3) rate in the mapping (taxCodes)`, tax, 'MWSKZ');
  return undefined;
}

/** E1EDP01 items as draft lines: name, quantity, unit, net unit price, discount, rate, material and GTIN. */
export function mapLines(ctx: MappingContext, sign: 1 | -1): MappedLine[] {
  const q = ctx.mapping.qualifiers;
  const out: MappedLine[] = [];
  ctx.top('E1EDP01').forEach((item, i) => {
    const pointer = `/lines/${i}`;
    ctx.source(pointer, item);
    const child = (name: string, field?: string, value?: string): IdocSegment | undefined =>
      item.children.find((c) => c.name === name && (field === undefined || c.fields[field] === value));
    const ident = child('E1EDP19', 'QUALF', q.itemName);
    const text = child('E1EDPT1')?.children.filter((c) => c.name === 'E1EDPT2').map((c) => c.fields.TDLINE ?? '').join(' ').trim();
    const name = ident?.fields.KTEXT ?? text;
    if (!name) ctx.error('GW_SAP_MAP_ITEM_NAME_MISSING', `no E1EDP19 ${q.itemName} KTEXT nor E1EDPT2 text`, item);
    const quantity = ctx.decimal(item, 'MENGE');
    ctx.source(`${pointer}/quantity`, item, 'MENGE');
    const netSegment = child('E1EDP26', 'QUALF', q.itemNetValue);
    const netText = netSegment ? ctx.decimal(netSegment, 'BETRG') : ctx.decimal(item, 'NETWR');
    const price = item.fields.VPREI === undefined ? undefined : ctx.decimal(item, 'VPREI');
    const per = item.fields.PEINH === undefined ? Decimal.of(1) : Decimal.parse(ctx.decimal(item, 'PEINH') ?? '1');
    const vatRate = rateOf(ctx, child('E1EDP04'), item, `${pointer}/vatRate`);
    if (!name || quantity === undefined || netText === undefined || !vatRate || !per || per.isZero()) return;
    const qty = Decimal.parse(quantity) as Decimal;
    const net = Decimal.parse(netText) as Decimal;
    let unitPrice = price === undefined ? undefined : (Decimal.parse(price) as Decimal).div(per, 8);
    let discount: Decimal | undefined;
    if (unitPrice === undefined || qty.isZero()) unitPrice = qty.isZero() ? net : net.div(qty, 8);
    else {
      const gross = unitPrice.mul(qty).round(2);
      if (gross.compare(net) > 0) discount = gross.sub(net);
      else if (gross.compare(net) < 0) unitPrice = net.div(qty, 8);
    }
    ctx.source(`${pointer}/unitPrice`, item, price === undefined ? 'NETWR' : 'VPREI');
    const unit = item.fields.MENEE ? (ctx.mapping.units[item.fields.MENEE] ?? item.fields.MENEE) : undefined;
    const material = ident?.fields.IDTNR?.replace(/^0+(?=.)/, '');
    const gtin = child('E1EDP19', 'QUALF', q.gtin)?.fields.IDTNR;
    const signed = sign === -1 ? qty.neg() : qty;
    out.push({
      segment: item,
      net: sign === -1 ? net.neg() : net,
      line: {
        name: name.slice(0, 512), quantity: strip(signed), ...(unit ? { unit } : {}), unitPrice: strip(unitPrice), vatRate,
        ...(discount ? { discount: strip(sign === -1 ? discount.neg() : discount) } : {}),
        ...(item.fields.POSEX ? { id: item.fields.POSEX } : {}), ...(material ? { index: material } : {}), ...(gtin ? { gtin } : {}),
      },
    });
  });
  if (out.length === 0 && !ctx.issues.some((i) => i.severity === 'error')) ctx.error('GW_SAP_MAP_NO_ITEMS', 'the IDoc has no E1EDP01 item', 'E1EDP01');
  return out;
}

/** `12.50000000` -> `12.5`: drafts take at most 8 decimals and need no trailing zeros. */
function strip(d: Decimal): string {
  const s = d.toString();
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}
