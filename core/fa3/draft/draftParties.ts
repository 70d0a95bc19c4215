import type { DraftAddress, DraftBuyer, DraftSeller } from '../../plugin-api/draft/DraftParty.js';
import type { Podmiot1, Podmiot2, TAdres, TKodyKrajowUE, TPodmiot2 } from '../model/Faktura.js';
import type { FieldMap } from './FieldMap.js';

function address(a: DraftAddress, fa3Path: string, pointer: string, fields: FieldMap): TAdres {
  fields.setAll(fa3Path, pointer, { KodKraju: 'country', AdresL1: 'line1', AdresL2: 'line2' });
  return { KodKraju: a.country, AdresL1: a.line1, ...(a.line2 !== undefined && { AdresL2: a.line2 }) };
}

function contact(p: { email?: string; phone?: string }): { DaneKontaktowe?: { Email?: string; Telefon?: string }[] } {
  if (p.email === undefined && p.phone === undefined) return {};
  return { DaneKontaktowe: [{ ...(p.email !== undefined && { Email: p.email }), ...(p.phone !== undefined && { Telefon: p.phone }) }] };
}

/** The seller as `Podmiot1`. */
export function sellerOf(s: DraftSeller, fields: FieldMap): Podmiot1 {
  fields.setAll('Podmiot1', '/seller', { PrefiksPodatnika: 'euVatPrefix', DaneKontaktowe: '' });
  fields.setAll('Podmiot1/DaneIdentyfikacyjne', '/seller', { NIP: 'nip', Nazwa: 'name' });
  fields.setAll('Podmiot1/DaneKontaktowe[1]', '/seller', { Email: 'email', Telefon: 'phone' });
  return {
    ...(s.euVatPrefix && { PrefiksPodatnika: 'PL' as const }),
    DaneIdentyfikacyjne: { NIP: s.nip, Nazwa: s.name },
    Adres: address(s.address, 'Podmiot1/Adres', '/seller/address', fields),
    ...contact(s),
  };
}

/** The buyer as `Podmiot2`; JST and GV are "no" (a draft has no Podmiot3 to name the unit or group member). */
export function buyerOf(b: DraftBuyer, fields: FieldMap): Podmiot2 {
  const id = b.id;
  let ident: TPodmiot2;
  switch (id.type) {
    case 'nip': ident = { NIP: id.nip }; break;
    case 'eu-vat': ident = { KodUE: id.country as TKodyKrajowUE, NrVatUE: id.number }; break;
    case 'other': ident = { ...(id.country !== undefined && { KodKraju: id.country }), NrID: id.id }; break;
    case 'none': ident = { BrakID: '1' }; break;
  }
  fields.setAll('Podmiot2', '/buyer', { NrKlienta: 'customerNumber' });
  fields.setAll('Podmiot2/DaneIdentyfikacyjne', '/buyer/id', { NIP: 'nip', KodUE: 'country', NrVatUE: 'number', KodKraju: 'country', NrID: 'id', BrakID: 'type' });
  fields.set('Podmiot2/DaneIdentyfikacyjne/Nazwa', '/buyer/name');
  fields.setAll('Podmiot2/DaneKontaktowe[1]', '/buyer', { Email: 'email', Telefon: 'phone' });
  return {
    DaneIdentyfikacyjne: { ...ident, ...(b.name !== undefined && { Nazwa: b.name }) },
    ...(b.address && { Adres: address(b.address, 'Podmiot2/Adres', '/buyer/address', fields) }),
    ...contact(b),
    ...(b.customerNumber !== undefined && { NrKlienta: b.customerNumber }),
    JST: '2',
    GV: '2',
  };
}
