import type { DraftAddress, DraftBuyer, DraftSeller, PartyId } from '../../../core/plugin-api/index.js';
import type { IdocSegment } from '../idoc/Idoc.js';
import type { MappingContext } from './MappingContext.js';

const EU = new Set(['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'EL', 'ES', 'FI', 'FR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PT', 'RO', 'SE', 'SI', 'SK', 'XI']);

function partner(ctx: MappingContext, roles: readonly string[]): IdocSegment | undefined {
  for (const role of roles) {
    const found = ctx.top('E1EDKA1', 'PARVW', role)[0];
    if (found) return found;
  }
  return undefined;
}

function nameOf(p: IdocSegment): string {
  return ['NAME1', 'NAME2', 'NAME3', 'NAME4'].map((f) => p.fields[f]).filter(Boolean).join(' ');
}

function addressOf(p: IdocSegment): DraftAddress | undefined {
  const country = p.fields.ISOAL || p.fields.LAND1;
  if (!country) return undefined;
  const street = [p.fields.STRAS, p.fields.HAUSN].filter(Boolean).join(' ') || p.fields.PFACH || '';
  const city = [p.fields.PSTLZ, p.fields.ORT01].filter(Boolean).join(' ');
  return { country, line1: street || city, ...(street && city ? { line2: city } : {}) };
}

/** A partner's VAT id from its E1EDKA3 child of the configured qualifier. */
function partnerVat(ctx: MappingContext, p: IdocSegment | undefined): { value: string; segment: IdocSegment } | undefined {
  const q = ctx.mapping.partners.vatQualifier;
  const seg = q === undefined ? undefined : p?.children.find((c) => c.name === 'E1EDKA3' && c.fields.QUALP === q);
  return seg?.fields.STDPN ? { value: seg.fields.STDPN, segment: seg } : undefined;
}

/** Seller (Podmiot1): the configured partner role, NIP from E1EDK01 EIGENUINR without its PL prefix. */
export function mapSeller(ctx: MappingContext, header: IdocSegment | undefined, euSupply: boolean): DraftSeller | undefined {
  const p = partner(ctx, ctx.mapping.partners.seller);
  if (!p) {
    ctx.error('GW_SAP_MAP_SELLER_MISSING', `no E1EDKA1 with PARVW ${ctx.mapping.partners.seller.join(' or ')}`, 'E1EDKA1', 'PARVW');
    return undefined;
  }
  const vat = header?.fields.EIGENUINR ? { value: header.fields.EIGENUINR, segment: header } : partnerVat(ctx, p);
  const nip = vat?.value.replace(/^PL/i, '').replace(/[\s-]/g, '');
  if (!nip || !/^\d{10}$/.test(nip)) {
    ctx.error('GW_SAP_MAP_SELLER_NIP', vat ? `"${vat.value}" is not a Polish NIP` : 'the seller has no VAT id (E1EDK01 EIGENUINR)', vat?.segment ?? header ?? 'E1EDK01', 'EIGENUINR');
  }
  const address = addressOf(p);
  if (!address) ctx.error('GW_SAP_MAP_ADDRESS_MISSING', 'the seller has no country (LAND1)', p, 'LAND1');
  ctx.source('/seller', p);
  if (vat) ctx.source('/seller/nip', vat.segment, vat.segment.name === 'E1EDK01' ? 'EIGENUINR' : 'STDPN');
  return { nip: nip ?? '', name: nameOf(p), address: address ?? { country: 'PL', line1: '' }, ...(euSupply ? { euVatPrefix: true } : {}) };
}

/** Buyer (Podmiot2): NIP for a PL VAT id, EU VAT number for another member state, otherwise an id outside the EU or none. */
export function mapBuyer(ctx: MappingContext, header: IdocSegment | undefined): DraftBuyer | undefined {
  const p = partner(ctx, ctx.mapping.partners.buyer);
  if (!p) {
    ctx.error('GW_SAP_MAP_BUYER_MISSING', `no E1EDKA1 with PARVW ${ctx.mapping.partners.buyer.join(' or ')}`, 'E1EDKA1', 'PARVW');
    return undefined;
  }
  const vat = header?.fields.KUNDEUINR ? { value: header.fields.KUNDEUINR, segment: header } : partnerVat(ctx, p);
  const address = addressOf(p);
  const id = buyerId(ctx, vat, address?.country);
  ctx.source('/buyer', p);
  if (vat) ctx.source('/buyer/id', vat.segment, vat.segment.name === 'E1EDK01' ? 'KUNDEUINR' : 'STDPN');
  return {
    id, name: nameOf(p), ...(address ? { address } : {}),
    ...(p.fields.PARTN ? { customerNumber: p.fields.PARTN.replace(/^0+(?=.)/, '') } : {}),
  };
}

function buyerId(ctx: MappingContext, vat: { value: string; segment: IdocSegment } | undefined, country: string | undefined): PartyId {
  if (!vat) return { type: 'none' };
  const text = vat.value.replace(/[\s-]/g, '').toUpperCase();
  const prefix = text.slice(0, 2);
  if (/^\d{10}$/.test(text) || (prefix === 'PL' && /^\d{10}$/.test(text.slice(2)))) return { type: 'nip', nip: text.replace(/^PL/, '') };
  if (EU.has(prefix)) return { type: 'eu-vat', country: prefix, number: text.slice(2) };
  if (prefix === 'PL') ctx.error('GW_SAP_MAP_BUYER_NIP', `"${vat.value}" is not a Polish NIP`, vat.segment, vat.segment.name === 'E1EDK01' ? 'KUNDEUINR' : 'STDPN');
  return { type: 'other', ...(country ? { country } : {}), id: text };
}
