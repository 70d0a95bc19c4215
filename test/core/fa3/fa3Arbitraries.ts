import fc from 'fast-check';
import type { Faktura, FaWiersz, Podmiot2, Podmiot3, Platnosc, TAdres, TStawkaPodatku } from '../../../core/fa3/model/Faktura.js';

/** Random but XSD-valid canonical FA(3) models: a rich VAT/KOR subset with every choice of the common blocks. */

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const nonZero = fc.integer({ min: 1, max: 9 }).map(String);
export const nip = fc.tuple(nonZero, nonZero, nonZero, digits(7)).map((p) => p.join(''));

const CHARS = 'abcdefghijklmnopqrstuvwxyzABCXYZ0123456789ąćęłńóśźżĄĆĘŁŃÓŚŹŻ&<>"\'/.,-()'.split('');
/** xsd:token text: no leading/trailing or doubled whitespace, so the XSD sees exactly what we wrote. */
export const token = (max: number) =>
  fc
    .array(fc.array(fc.constantFrom(...CHARS), { minLength: 1, maxLength: 12 }).map((w) => w.join('')), { minLength: 1, maxLength: Math.max(1, Math.floor(max / 13)) })
    .map((words) => words.join(' ').slice(0, max).trim())
    .filter((s) => s.length > 0);

function decimal(maxInt: bigint, fraction: number, signed: boolean) {
  return fc.tuple(fc.bigInt({ min: signed ? -maxInt : 0n, max: maxInt }), fc.integer({ min: 0, max: fraction }), fc.boolean()).map(([units, places, pad]) => {
    const neg = units < 0n;
    const abs = (neg ? -units : units).toString().padStart(places + 1, '0');
    const int = abs.slice(0, abs.length - places).replace(/^0+(?=\d)/, '');
    let frac = places ? abs.slice(abs.length - places) : '';
    if (pad && places === 0 && fraction > 0) frac = '0'.repeat(fraction);
    const text = `${int}${frac ? `.${frac}` : ''}`;
    return neg && /[1-9]/.test(text) ? `-${text}` : text;
  });
}
export const amount = (signed = false) => decimal(10n ** 12n, 2, signed);
const price = decimal(10n ** 10n, 8, false);
const quantity = decimal(10n ** 9n, 6, false);

const date = fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const RATES: TStawkaPodatku[] = ['23', '22', '8', '7', '5', '4', '3', '0 KR', '0 WDT', '0 EX', 'zw', 'oo', 'np I', 'np II'];

const adres: fc.Arbitrary<TAdres> = fc.record(
  { KodKraju: fc.constantFrom('PL', 'DE', 'CZ', 'GR', 'XI'), AdresL1: token(80), AdresL2: token(40), GLN: digits(13) },
  { requiredKeys: ['KodKraju', 'AdresL1'] },
);

const podmiot2Id = fc.oneof(
  fc.record({ NIP: nip, Nazwa: token(100) }),
  fc.record({ KodUE: fc.constantFrom('DE', 'EL', 'XI', 'FR'), NrVatUE: fc.stringMatching(/^[0-9A-Z]{2,12}$/), Nazwa: token(100) }),
  fc.record({ KodKraju: fc.constantFrom('US', 'GB', 'CN'), NrID: token(30), Nazwa: token(100) }, { requiredKeys: ['NrID'] }),
  fc.record({ BrakID: fc.constant('1' as const), Nazwa: token(60) }, { requiredKeys: ['BrakID'] }),
);

const podmiot2: fc.Arbitrary<Podmiot2> = fc.record(
  {
    DaneIdentyfikacyjne: podmiot2Id,
    Adres: adres,
    DaneKontaktowe: fc.array(fc.record({ Email: fc.constant('biuro@example.pl'), Telefon: digits(9) }, { requiredKeys: [] }), { minLength: 1, maxLength: 3 }),
    NrKlienta: token(20),
    JST: fc.constantFrom('1' as const, '2' as const),
    GV: fc.constantFrom('1' as const, '2' as const),
  },
  { requiredKeys: ['DaneIdentyfikacyjne', 'JST', 'GV'] },
);

const podmiot3: fc.Arbitrary<Podmiot3> = fc.oneof(
  fc.record({ DaneIdentyfikacyjne: fc.record({ NIP: nip, Nazwa: token(50) }), Adres: adres, Rola: fc.constantFrom('1', '2', '4', '6', '8', '10') as fc.Arbitrary<Podmiot3['Rola'] & string> }),
  fc.record({ DaneIdentyfikacyjne: fc.record({ BrakID: fc.constant('1' as const), Nazwa: token(50) }), RolaInna: fc.constant('1' as const), OpisRoli: token(40), Udzial: fc.constantFrom('50', '12.345678', '100') }),
);

const line = (correction: boolean, foreign: boolean) =>
  fc.record(
    {
      UU_ID: fc.uuid(),
      P_6A: date,
      P_7: token(120),
      Indeks: token(20),
      GTIN: digits(13),
      P_8A: fc.constantFrom('szt.', 'kg', 'h', 'usł.'),
      P_8B: quantity,
      P_9A: price,
      P_11: amount(correction),
      P_11Vat: amount(correction),
      P_12: fc.constantFrom(...RATES),
      GTU: fc.constantFrom('GTU_01', 'GTU_06', 'GTU_12') as fc.Arbitrary<FaWiersz['GTU'] & string>,
      KursWaluty: foreign ? fc.constantFrom('4.2512', '3.9', '1') : fc.constant(undefined),
      StanPrzed: correction ? fc.constant('1' as const) : fc.constant(undefined),
    },
    { requiredKeys: ['P_7', 'P_11', 'P_12'] },
  );

const platnosc: fc.Arbitrary<Platnosc> = fc.oneof(
  fc.record({ Zaplacono: fc.constant('1' as const), DataZaplaty: date, FormaPlatnosci: fc.constantFrom('1', '2', '6') as fc.Arbitrary<Platnosc['FormaPlatnosci'] & string> }),
  fc.record(
    {
      ZnacznikZaplatyCzesciowej: fc.constantFrom('1' as const, '2' as const),
      ZaplataCzesciowa: fc.array(
        fc.tuple(
          fc.record({ KwotaZaplatyCzesciowej: amount(), DataZaplatyCzesciowej: date }),
          fc.oneof(fc.constant({}), fc.record({ FormaPlatnosci: fc.constantFrom('1' as const, '6' as const) }), fc.record({ PlatnoscInna: fc.constant('1' as const), OpisPlatnosci: token(30) })),
        ).map(([a, b]) => ({ ...a, ...b })),
        { minLength: 1, maxLength: 3 },
      ),
      TerminPlatnosci: fc.array(fc.record({ Termin: date, TerminOpis: fc.record({ Ilosc: fc.integer({ min: 1, max: 90 }).map(String), Jednostka: fc.constant('dni'), ZdarzeniePoczatkowe: token(40) }) }, { requiredKeys: [] }), { maxLength: 2 }),
      FormaPlatnosci: fc.constantFrom('6', '7') as fc.Arbitrary<Platnosc['FormaPlatnosci'] & string>,
      RachunekBankowy: fc.array(fc.record({ NrRB: digits(26), SWIFT: fc.constant('BPKOPLPW'), NazwaBanku: token(40) }, { requiredKeys: ['NrRB'] }), { minLength: 1, maxLength: 2 }),
      Skonto: fc.record({ WarunkiSkonta: token(40), WysokoscSkonta: token(10) }),
    },
    { requiredKeys: ['ZnacznikZaplatyCzesciowej', 'ZaplataCzesciowa'] },
  ),
);

const zwolnienie = fc.oneof(
  fc.constant({ P_19N: '1' as const }),
  fc.tuple(fc.constantFrom('P_19A', 'P_19B', 'P_19C'), token(60)).map(([k, v]) => ({ P_19: '1' as const, [k]: v })),
);
const marza = fc.oneof(
  fc.constant({ P_PMarzyN: '1' as const }),
  fc.constantFrom('P_PMarzy_2', 'P_PMarzy_3_1', 'P_PMarzy_3_2', 'P_PMarzy_3_3').map((k) => ({ P_PMarzy: '1' as const, [k]: '1' as const })),
);
const yesNo = fc.constantFrom('1' as const, '2' as const);
const ksefNumber = fc.tuple(nip, date, fc.stringMatching(/^[0-9A-F]{6}$/), fc.stringMatching(/^[0-9A-F]{6}$/), fc.stringMatching(/^[0-9A-F]{2}$/)).map(([n, d, a, b, c]) => `${n}-${d.replace(/-/g, '')}-${a}-${b}-${c}`);

export const faktura: fc.Arbitrary<Faktura> = fc
  .record({
    kind: fc.constantFrom('VAT' as const, 'KOR' as const),
    currency: fc.constantFrom('PLN', 'EUR', 'USD'),
    seller: fc.record({ NIP: nip, Nazwa: token(120) }),
    sellerAddress: adres,
    buyer: podmiot2,
    others: fc.array(podmiot3, { maxLength: 2 }),
    p1: date,
    p2: token(40),
    p6: fc.option(date, { nil: undefined }),
    buckets: fc.record({ P_13_1: amount(true), P_13_2: amount(true), P_13_6_1: amount(true), P_13_7: amount(true) }, { requiredKeys: [] }),
    p15: amount(true),
    flags: fc.tuple(yesNo, yesNo, yesNo, yesNo, yesNo),
    zwolnienie,
    marza,
    corrected: fc.array(fc.oneof(
      fc.record({ DataWystFaKorygowanej: date, NrFaKorygowanej: token(30), NrKSeF: fc.constant('1' as const), NrKSeFFaKorygowanej: ksefNumber }),
      fc.record({ DataWystFaKorygowanej: date, NrFaKorygowanej: token(30), NrKSeFN: fc.constant('1' as const) }),
    ), { minLength: 1, maxLength: 3 }),
    reason: token(80),
    lineSeeds: fc.array(fc.boolean(), { minLength: 0, maxLength: 12 }),
    lines: fc.array(fc.tuple(line(false, true), line(true, true)), { maxLength: 12 }),
    platnosc: fc.option(platnosc, { nil: undefined }),
    stopka: fc.option(fc.record({ Informacje: fc.array(fc.record({ StopkaFaktury: token(200) }), { minLength: 1, maxLength: 3 }), Rejestry: fc.array(fc.record({ KRS: digits(10), REGON: digits(9), BDO: digits(9) }, { requiredKeys: [] }), { minLength: 1, maxLength: 2 }) }, { requiredKeys: [] }), { nil: undefined }),
  })
  .map((g): Faktura => {
    const kor = g.kind === 'KOR';
    const foreign = g.currency !== 'PLN';
    const taxFor: Record<string, string> = { P_13_1: 'P_14_1', P_13_2: 'P_14_2' };
    const buckets: Record<string, string> = {};
    for (const [k, v] of Object.entries(g.buckets)) {
      if (v === undefined) continue;
      buckets[k] = v;
      if (taxFor[k]) buckets[taxFor[k]] = v;
    }
    const lines = g.lines.map(([normal, corr], i) => {
      const l = { ...(kor ? corr : normal), NrWierszaFa: String(i + 1) };
      if (!foreign) delete l.KursWaluty;
      return l;
    });
    return {
      Naglowek: { KodFormularza: { '#text': 'FA', '@kodSystemowy': 'FA (3)', '@wersjaSchemy': '1-0E' }, WariantFormularza: '3', DataWytworzeniaFa: `${g.p1}T08:00:00Z`, SystemInfo: 'ksef-gateway property test' },
      Podmiot1: { DaneIdentyfikacyjne: g.seller, Adres: g.sellerAddress },
      Podmiot2: g.buyer,
      ...(g.others.length ? { Podmiot3: g.others } : {}),
      Fa: {
        KodWaluty: g.currency,
        P_1: g.p1,
        P_2: g.p2,
        ...(g.p6 ? { P_6: g.p6 } : {}),
        ...buckets,
        P_15: g.p15,
        Adnotacje: { P_16: g.flags[0], P_17: g.flags[1], P_18: g.flags[2], P_18A: g.flags[3], Zwolnienie: g.zwolnienie, NoweSrodkiTransportu: { P_22N: '1' }, P_23: g.flags[4], PMarzy: g.marza },
        RodzajFaktury: g.kind,
        ...(kor ? { PrzyczynaKorekty: g.reason, TypKorekty: '2' as const, DaneFaKorygowanej: g.corrected } : {}),
        ...(lines.length ? { FaWiersz: lines } : {}),
        ...(g.platnosc ? { Platnosc: g.platnosc } : {}),
      },
      ...(g.stopka ? { Stopka: g.stopka } : {}),
    } as Faktura;
  });
