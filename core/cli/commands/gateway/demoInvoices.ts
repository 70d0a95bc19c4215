import type { Faktura } from '../../../fa3/model/Faktura.js';

/** Exact money in grosze (bigint): the demo computes its sums the way an ERP must, never with floats. */
const toCents = (s: string): bigint => {
  const [int, frac = ''] = s.replace('-', '').split('.');
  const v = BigInt(int) * 100n + BigInt((frac + '00').slice(0, 2));
  return s.startsWith('-') ? -v : v;
};
const fromCents = (c: bigint): string => {
  const sign = c < 0n ? '-' : '';
  const a = c < 0n ? -c : c;
  return `${sign}${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
};
/** Half-up rounding of net * rate%, in grosze. */
const taxOf = (net: bigint, rate: number): bigint => {
  const x = net * BigInt(rate);
  const sign = x < 0n ? -1n : 1n;
  return sign * ((sign * x + 50n) / 100n);
};

interface Line { name: string; unit: string; qty: number; price: string; rate: number | 'zw' | '0 WDT' }

const TAX_FIELDS: Record<string, [string, string | undefined]> = {
  '23': ['P_13_1', 'P_14_1'], '8': ['P_13_2', 'P_14_2'], '5': ['P_13_3', 'P_14_3'], zw: ['P_13_7', undefined], '0 WDT': ['P_13_6_2', undefined],
};

function lines(items: readonly Line[], sign = 1n): { rows: Record<string, string>[]; sums: Record<string, string>; total: string } {
  const buckets = new Map<string, { net: bigint; tax: bigint }>();
  const rows = items.map((l, i) => {
    const net = toCents(l.price) * BigInt(l.qty) * sign;
    const key = String(l.rate);
    const b = buckets.get(key) ?? { net: 0n, tax: 0n };
    b.net += net;
    buckets.set(key, b);
    return { NrWierszaFa: String(i + 1), P_7: l.name, P_8A: l.unit, P_8B: String(l.qty), P_9A: l.price, P_11: fromCents(net), P_12: key };
  });
  const sums: Record<string, string> = {};
  let total = 0n;
  for (const [key, b] of buckets) {
    const [netField, taxField] = TAX_FIELDS[key];
    b.tax = typeof items.find((l) => String(l.rate) === key)?.rate === 'number' ? taxOf(b.net, Number(key)) : 0n;
    sums[netField] = fromCents(b.net);
    if (taxField) sums[taxField] = fromCents(b.tax);
    total += b.net + b.tax;
  }
  return { rows, sums, total: fromCents(total) };
}

const ADNOTACJE = {
  P_16: '2', P_17: '2', P_18: '2', P_18A: '2', Zwolnienie: { P_19N: '1' }, NoweSrodkiTransportu: { P_22N: '1' }, P_23: '2',
  PMarzy: { P_PMarzyN: '1' },
};

export interface DemoInvoice {
  readonly erpId: string;
  readonly kind: string;
  readonly invoice: Faktura;
}

/**
 * Realistic documents of several kinds for the demo inbox: VAT (three rates), VAT with an exempt line, an EU
 * supply in EUR (0% WDT), a correction (KOR), an advance invoice (ZAL) and a simplified invoice (UPR). Each run
 * gets its own invoice numbers (`runId`), so KSeF's duplicate check (DECISIONS.md 7) never trips.
 */
export function demoInvoices(sellerNip: string, runId: string, now: Date): DemoInvoice[] {
  const day = now.toISOString().slice(0, 10);
  const header = { KodFormularza: { '#text': 'FA', '@kodSystemowy': 'FA (3)', '@wersjaSchemy': '1-0E' }, WariantFormularza: '3', DataWytworzeniaFa: now.toISOString().replace(/\.\d+Z$/, 'Z'), SystemInfo: 'ksef-gateway demo' };
  const seller = { DaneIdentyfikacyjne: { NIP: sellerNip, Nazwa: 'Demo Sprzedawca sp. z o.o.' }, Adres: { KodKraju: 'PL', AdresL1: 'ul. Przykładowa 1', AdresL2: '00-001 Warszawa' } };
  const buyer = { DaneIdentyfikacyjne: { NIP: '1111111111', Nazwa: 'F.H.U. Jan Kowalski' }, Adres: { KodKraju: 'PL', AdresL1: 'ul. Polna 1', AdresL2: '00-001 Warszawa' }, JST: '2', GV: '2' };
  const euBuyer = { DaneIdentyfikacyjne: { KodUE: 'DE', NrVatUE: '999999999', Nazwa: 'EFG GmbH' }, Adres: { KodKraju: 'DE', AdresL1: 'Blümchenstraße 1', AdresL2: '10999 Berlin' }, JST: '2', GV: '2' };
  const num = (prefix: string, n: number) => `${prefix}/${day.slice(0, 7).replace('-', '/')}/${runId}/${n}`;
  const make = (kind: string, n: number, fa: Record<string, unknown>, buyerOf: object = buyer, extra: Record<string, unknown> = {}): DemoInvoice => ({
    erpId: `demo-${runId}-${String(n).padStart(2, '0')}-${kind.toLowerCase().replace(/\s+/g, '-')}`,
    kind,
    invoice: { Naglowek: header, Podmiot1: seller, Podmiot2: buyerOf, ...extra, Fa: fa } as unknown as Faktura,
  });

  const vat = lines([
    { name: 'Laptop ProBook 14', unit: 'szt.', qty: 2, price: '3499.00', rate: 23 },
    { name: 'Książka "Podatki 2026"', unit: 'szt.', qty: 3, price: '59.90', rate: 5 },
    { name: 'Usługa cateringowa', unit: 'usł.', qty: 1, price: '850.00', rate: 8 },
  ]);
  const vatNumber = num('FV', 1);
  const mixed = lines([
    { name: 'Szkolenie BHP (zwolnione)', unit: 'usł.', qty: 1, price: '1200.00', rate: 'zw' },
    { name: 'Materiały szkoleniowe', unit: 'kpl.', qty: 10, price: '45.50', rate: 23 },
  ]);
  const eur = lines([{ name: 'Kühlschrank Zimnotech mk1', unit: 'szt.', qty: 10, price: '400.00', rate: '0 WDT' }]);
  const before = lines([{ name: 'Laptop ProBook 14', unit: 'szt.', qty: 2, price: '3499.00', rate: 23 }]);
  const after = lines([{ name: 'Laptop ProBook 14', unit: 'szt.', qty: 2, price: '3299.00', rate: 23 }]);
  const diff = lines([{ name: 'Laptop ProBook 14', unit: 'szt.', qty: 2, price: '200.00', rate: 23 }], -1n);
  const advance = lines([{ name: 'zaliczka', unit: 'szt.', qty: 1, price: '10000.00', rate: 23 }]);
  const upr = lines([{ name: 'Wiertarka Wiertex mk5', unit: 'szt.', qty: 1, price: '365.85', rate: 23 }]);

  return [
    make('VAT', 1, { KodWaluty: 'PLN', P_1: day, P_1M: 'Warszawa', P_2: vatNumber, P_6: day, ...vat.sums, P_15: vat.total, Adnotacje: ADNOTACJE, RodzajFaktury: 'VAT', FaWiersz: vat.rows,
      Platnosc: { TerminPlatnosci: [{ Termin: day }], FormaPlatnosci: '6', RachunekBankowy: [{ NrRB: '73111111111111111111111111' }] } }),
    make('VAT zw', 2, { KodWaluty: 'PLN', P_1: day, P_1M: 'Kraków', P_2: num('FV', 2), P_6: day, ...mixed.sums, P_15: mixed.total,
      Adnotacje: { ...ADNOTACJE, Zwolnienie: { P_19: '1', P_19A: 'art. 43 ust. 1 pkt 29 lit. c ustawy o VAT' } }, RodzajFaktury: 'VAT', FaWiersz: mixed.rows }),
    make('VAT EUR', 3, { KodWaluty: 'EUR', P_1: day, P_1M: 'Warszawa', P_2: num('FE', 3), ...eur.sums, P_15: eur.total, Adnotacje: ADNOTACJE, RodzajFaktury: 'VAT',
      FaWiersz: eur.rows.map((r) => ({ ...r, P_6A: day })) }, euBuyer, { Podmiot1: { PrefiksPodatnika: 'PL', ...seller } }),
    make('KOR', 4, { KodWaluty: 'PLN', P_1: day, P_1M: 'Warszawa', P_2: num('FK', 4), P_6: day, ...diff.sums, P_15: diff.total, Adnotacje: ADNOTACJE, RodzajFaktury: 'KOR',
      PrzyczynaKorekty: 'rabat posprzedażowy 200 zł na sztukę', TypKorekty: '3',
      DaneFaKorygowanej: [{ DataWystFaKorygowanej: day, NrFaKorygowanej: vatNumber, NrKSeFN: '1' }],
      FaWiersz: [{ ...before.rows[0], StanPrzed: '1' }, after.rows[0]] }),
    make('ZAL', 5, { KodWaluty: 'PLN', P_1: day, P_1M: 'Warszawa', P_2: num('FZ', 5), P_6: day, ...advance.sums, P_15: advance.total, Adnotacje: ADNOTACJE, RodzajFaktury: 'ZAL',
      Zamowienie: { WartoscZamowienia: '36900.00', ZamowienieWiersz: [{ NrWierszaZam: '1', P_7Z: 'Meble biurowe (zestaw)', P_8AZ: 'kpl.', P_8BZ: '1', P_9AZ: '30000.00', P_11NettoZ: '30000.00', P_11VatZ: '6900.00', P_12Z: '23' }] } }),
    make('UPR', 6, { KodWaluty: 'PLN', P_1: day, P_2: num('FU', 6), P_6: day, ...upr.sums, P_15: upr.total, Adnotacje: ADNOTACJE, RodzajFaktury: 'UPR',
      FaWiersz: [{ NrWierszaFa: '1', P_7: 'Wiertarka Wiertex mk5' }] }, { DaneIdentyfikacyjne: { NIP: '1111111111' }, JST: '2', GV: '2' }),
  ];
}
