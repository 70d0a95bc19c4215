/**
 * An address as FA(3) holds it: a country and one or two free lines (FA(3) has no street or city fields).
 *
 * @example
 * ```ts
 * const address: DraftAddress = { country: 'PL', line1: 'ul. Prosta 1', line2: '00-001 Warszawa' };
 * ```
 */
export interface DraftAddress {
  /** ISO 3166-1 alpha-2 code in capitals (`PL`, `DE`, `GR`). */
  readonly country: string;
  /** Usually street and number. */
  readonly line1: string;
  /** Usually postal code and city. */
  readonly line2?: string;
}

/**
 * How the buyer is identified: a Polish NIP (always for Polish VAT payers), an EU VAT number (prefix apart, `EL`
 * for Greece, `XI` for Northern Ireland), another tax id, or none (a consumer).
 *
 * @example
 * ```ts
 * const pl: PartyId = { type: 'nip', nip: '7352765225' };
 * const de: PartyId = { type: 'eu-vat', country: 'DE', number: '811907980' };
 * const us: PartyId = { type: 'other', country: 'US', id: '12-3456789' };
 * const consumer: PartyId = { type: 'none' };
 * ```
 */
export type PartyId =
  | { readonly type: 'nip'; readonly nip: string }
  | { readonly type: 'eu-vat'; readonly country: string; readonly number: string }
  | { readonly type: 'other'; readonly country?: string; readonly id: string }
  | { readonly type: 'none' };

/**
 * The seller: always a Polish taxpayer identified by NIP (the KSeF context the invoice is sent in).
 *
 * @example
 * ```ts
 * const seller: DraftSeller = { nip: '5265877635', name: 'Sprzedawca Sp. z o.o.',
 *   address: { country: 'PL', line1: 'ul. Prosta 1', line2: '00-001 Warszawa' } };
 * ```
 */
export interface DraftSeller {
  readonly nip: string;
  readonly name: string;
  readonly address: DraftAddress;
  readonly email?: string;
  readonly phone?: string;
  /** Writes `PrefiksPodatnika` PL (the seller's EU VAT prefix), needed on intra-EU supplies. */
  readonly euVatPrefix?: boolean;
}

/**
 * The buyer. The name is optional only on simplified invoices (`UPR`); the address may be left out for them too.
 *
 * @example
 * ```ts
 * const buyer: DraftBuyer = { id: { type: 'nip', nip: '7352765225' }, name: 'Nabywca S.A.',
 *   address: { country: 'PL', line1: 'ul. Krzywa 2', line2: '30-001 Kraków' } };
 * ```
 */
export interface DraftBuyer {
  readonly id: PartyId;
  readonly name?: string;
  readonly address?: DraftAddress;
  readonly email?: string;
  readonly phone?: string;
  /** The seller's customer number for this buyer (`NrKlienta`). */
  readonly customerNumber?: string;
}
