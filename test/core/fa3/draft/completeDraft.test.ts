import { completeDraft } from '../../../../core/fa3/draft/completeDraft.js';
import type { InvoiceDraft } from '../../../../core/plugin-api/index.js';
import { buyer, NOW, seller } from './draftFixtures.js';

const complete = (d: InvoiceDraft, refs = new Map()) => completeDraft(d, { now: NOW, refs });
const ksefRef = { ksefNumber: '9999999999-20230908-8BEF280C8D35-4D', number: 'FZ2026/02/150', issueDate: '2026-02-15' };

describe('completeDraft', () => {
  it('computes line values, per-rate tax rounded half up once per rate total, and P_15 from net prices', () => {
    const { invoice, issues } = complete({ kind: 'VAT', number: 'FV/1', issueDate: '2026-02-15', seller, buyer, lines: [
      { name: 'a', quantity: '3', unitPrice: '0.35', vatRate: '23' },
      { name: 'b', quantity: '1', unitPrice: '0.35', vatRate: '23' },
      { name: 'c', quantity: '2', unitPrice: '10', discount: '1.5', vatRate: '8' },
      { name: 'd', quantity: '1', unitPrice: '7', vatRate: 'zw' },
    ], exemption: { basis: 'act', text: 'art. 43 ust. 1 pkt 37' } });
    expect(issues).toEqual([]);
    expect(invoice.Fa.FaWiersz!.map((l) => l.P_11)).toEqual(['1.05', '0.35', '18.50', '7.00']);
    // 1.40 x 23% = 0.322 -> 0.32 on the rate total (per line it would be 0.24 + 0.08 = 0.32 as well, but 18.50 x 8% = 1.48)
    expect(invoice.Fa).toMatchObject({ P_13_1: '1.40', P_14_1: '0.32', P_13_2: '18.50', P_14_2: '1.48', P_13_7: '7.00', P_15: '28.70' });
    expect(invoice.Fa.Adnotacje.Zwolnienie).toEqual({ P_19: '1', P_19A: 'art. 43 ust. 1 pkt 37' });
  });

  it('rounds half up on the rate total, not per line', () => {
    // Three lines of 0.05 net at 23%: per line 0.0115 -> 0.01 each (0.03), on the total 0.15 x 23% = 0.0345 -> 0.03;
    // 0.15 + 0.05 -> 0.20 x 23% = 0.046 -> 0.05 shows half up on the total.
    const { invoice } = complete({ kind: 'VAT', number: 'FV/2', issueDate: '2026-02-15', seller, buyer, lines: [
      { name: 'a', quantity: '1', unitPrice: '0.05', vatRate: '23' }, { name: 'b', quantity: '1', unitPrice: '0.05', vatRate: '23' },
      { name: 'c', quantity: '1', unitPrice: '0.05', vatRate: '23' }, { name: 'd', quantity: '1', unitPrice: '0.05', vatRate: '23' },
    ] });
    expect(invoice.Fa).toMatchObject({ P_13_1: '0.20', P_14_1: '0.05', P_15: '0.25' });
  });

  it('takes the tax out of the gross total per rate with the gross method (P_9B, P_11A)', () => {
    const { invoice } = complete({ kind: 'VAT', number: 'FV/3', issueDate: '2026-02-15', seller, buyer, calculation: 'gross', lines: [
      { name: 'a', quantity: '2', unitPrice: '61.50', vatRate: '23' }, { name: 'b', quantity: '1', unitPrice: '10.80', vatRate: '8' },
    ] });
    expect(invoice.Fa.FaWiersz![0]).toMatchObject({ P_9B: '61.50', P_11A: '123.00' });
    expect(invoice.Fa.FaWiersz![0].P_11).toBeUndefined();
    // 123.00 x 23/123 = 23.00; 10.80 x 8/108 = 0.80
    expect(invoice.Fa).toMatchObject({ P_13_1: '100.00', P_14_1: '23.00', P_13_2: '10.00', P_14_2: '0.80', P_15: '133.80' });
  });

  it('converts the tax of a foreign-currency invoice to PLN per bucket and puts the rate on each line', () => {
    const { invoice } = complete({ kind: 'VAT', number: 'FV/4', issueDate: '2026-02-15', seller, buyer, currency: 'EUR', exchangeRate: '4.2871', lines: [
      { name: 'a', quantity: '1', unitPrice: '1000', vatRate: '23' }, { name: 'b', quantity: '1', unitPrice: '500', vatRate: '0 WDT' },
    ] });
    // 1000 x 4.2871 x 23% = 986.033 -> 986.03
    expect(invoice.Fa).toMatchObject({ KodWaluty: 'EUR', P_13_1: '1000.00', P_14_1: '230.00', P_14_1W: '986.03', P_13_6_2: '500.00', P_15: '1730.00' });
    expect(invoice.Fa.FaWiersz!.every((l) => l.KursWaluty === '4.2871')).toBe(true);
  });

  it('splits an advance over the order rates like MF Przykład 12 and states the order', () => {
    const { invoice } = complete({ kind: 'ZAL', number: 'FZ/1', issueDate: '2026-02-15', seller, buyer,
      advance: { amount: '10000', receivedDate: '2026-02-15' },
      order: { lines: [
        { name: 'mieszkanie 50m^2', quantity: '1', unit: 'szt.', unitPrice: '341666.67', vatRate: '8' },
        { name: 'usługi dodatkowe', quantity: '1', unit: 'szt.', unitPrice: '5000', vatRate: '23' },
      ] } });
    expect(invoice.Fa).toMatchObject({ P_13_1: '133.28', P_14_1: '30.65', P_13_2: '9107.47', P_14_2: '728.60', P_15: '10000.00',
      Zamowienie: { WartoscZamowienia: '375150.00' }, Platnosc: { Zaplacono: '1', DataZaplaty: '2026-02-15' } });
    expect(invoice.Fa.FaWiersz).toBeUndefined();
  });

  it('corrects an advance as MF Przykład 11: the split before and after, the difference in the buckets, P_15ZK the advance before', () => {
    const flat = { name: 'mieszkanie 50m^2', quantity: '1', unit: 'szt.' };
    const extra = { name: 'usługi dodatkowe', quantity: '1', unit: 'szt.', unitPrice: '5000', vatRate: '23' } as const;
    const { invoice } = complete({ kind: 'KOR_ZAL', number: 'FK2026/03/5', issueDate: '2026-03-15', seller, buyer,
      correction: { of: ksefRef, reason: 'błędna stawka VAT', effect: 'other' },
      advance: { before: '20000', after: '20000' },
      order: { lines: [
        { before: { ...flat, unitPrice: '300000', vatRate: '23' }, after: { ...flat, unitPrice: '341666.67', vatRate: '8' } },
        { before: extra, after: extra },
      ] } }, new Map([['/correction/of', ksefRef]]));
    expect(invoice.Fa).toMatchObject({ P_13_1: '-15993.60', P_14_1: '-3678.53', P_13_2: '18214.94', P_14_2: '1457.19', P_15: '0.00', P_15ZK: '20000.00',
      TypKorekty: '3', DaneFaKorygowanej: [{ NrFaKorygowanej: 'FZ2026/02/150', NrKSeF: '1', NrKSeFFaKorygowanej: ksefRef.ksefNumber }] });
    expect(invoice.Fa.Zamowienie!.ZamowienieWiersz.map((r) => r.StanPrzedZ)).toEqual(['1', undefined, '1', undefined]);
  });

  it('settles advances as MF Przykład 14: the whole order in lines, the advances deducted per rate', () => {
    const { invoice, issues } = complete({ kind: 'ROZ', number: 'FV2026/08/12', issueDate: '2026-08-17', seller, buyer, lines: [
      { name: 'mieszkanie 50m^2', quantity: '1', unitPrice: '307500', vatRate: '8' },
      { name: 'usługi dodatkowe', quantity: '1', unitPrice: '4500', vatRate: '23' },
    ], advances: [{ invoice: ksefRef, amounts: [{ vatRate: '8', net: '27322.41', vat: '2185.79' }, { vatRate: '23', net: '399.84', vat: '91.96' }] }] },
    new Map([['/advances/0/invoice', ksefRef]]));
    expect(issues).toEqual([]);
    expect(invoice.Fa).toMatchObject({ P_13_1: '4100.16', P_14_1: '943.04', P_13_2: '280177.59', P_14_2: '22414.21', P_15: '307635.00',
      FakturaZaliczkowa: [{ NrKSeFFaZaliczkowej: ksefRef.ksefNumber }] });
  });

  it('writes a correction\'s before and after rows under one number and puts the difference in the buckets', () => {
    const before = { name: 'Toner', quantity: '3', unitPrice: '120', vatRate: '23' } as const;
    const { invoice } = complete({ kind: 'KOR', number: 'FK/1', issueDate: '2026-03-02', seller, buyer,
      correction: { of: { outsideKsef: true, number: 'FV/9', issueDate: '2025-12-30' } },
      lines: [{ before, after: { ...before, unitPrice: '100' } }, { after: { name: 'Dostawa', quantity: '1', unitPrice: '10', vatRate: '23' } }] },
    new Map([['/correction/of', { number: 'FV/9', issueDate: '2025-12-30' }]]));
    expect(invoice.Fa.FaWiersz!.map((l) => [l.NrWierszaFa, l.StanPrzed, l.P_11])).toEqual([['1', '1', '360.00'], ['1', undefined, '300.00'], ['2', undefined, '10.00']]);
    expect(invoice.Fa).toMatchObject({ P_13_1: '-50.00', P_14_1: '-11.50', P_15: '-61.50',
      DaneFaKorygowanej: [{ NrFaKorygowanej: 'FV/9', DataWystFaKorygowanej: '2025-12-30', NrKSeFN: '1' }] });
  });

  it('reports everything a draft lacks at once, each at its field', () => {
    const { issues } = complete({ kind: 'VAT', number: 'FV/5', issueDate: '2026-02-15', seller, buyer: { id: { type: 'none' } }, currency: 'EUR',
      saleDate: '2026-02-14', salePeriod: { from: '2026-02-01', to: '2026-02-28' },
      lines: [{ name: 'a', quantity: '1', unitPrice: '1', vatRate: 'zw' }, { name: 'b', quantity: '1', unitPrice: '1', vatRate: '23' }, { name: 'm', quantity: '1', unitPrice: '1', vatRate: 'margin' }] });
    expect(issues.map((i) => [i.code, i.field, i.severity])).toEqual([
      ['GW_DRAFT_EXEMPTION_BASIS_MISSING', '/exemption', 'error'],
      ['GW_DRAFT_MARGIN_SCHEME_MISSING', '/margin', 'error'],
      ['GW_DRAFT_EXCHANGE_RATE_MISSING', '/exchangeRate', 'error'],
      ['GW_DRAFT_CONFLICT', '/salePeriod', 'error'],
      ['GW_DRAFT_MISSING_FIELD', '/buyer/name', 'error'],
      ['GW_DRAFT_BUYER_ADDRESS_MISSING', '/buyer/address', 'warning'],
    ]);
  });
});
