import { invoiceKindRule } from '../../../../core/fa3/rules/invoiceKindRule.js';
import { sample } from './sampleInvoices.js';

const summary = (issues: { code: string; location: string; severity: string }[]): string[][] =>
  issues.map((i) => [i.code, i.location, i.severity]);

describe('invoiceKindRule', () => {
  it('rejects a correction that does not name the corrected invoice', () => {
    const inv = sample('FA_3_Przyklad_2.xml');
    delete inv.Fa.DaneFaKorygowanej;
    expect(summary(invoiceKindRule(inv))).toEqual([['FA3_CORRECTED_INVOICE_MISSING', 'Fa/DaneFaKorygowanej', 'error']]);
  });

  it('rejects correction data on a plain VAT invoice', () => {
    const inv = sample('FA_3_Przyklad_1.xml');
    inv.Fa.DaneFaKorygowanej = sample('FA_3_Przyklad_2.xml').Fa.DaneFaKorygowanej;
    expect(summary(invoiceKindRule(inv))).toEqual([['FA3_CORRECTION_DATA_UNEXPECTED', 'Fa/DaneFaKorygowanej', 'error']]);
  });

  it('warns about a "before" row on an invoice that corrects nothing', () => {
    const inv = sample('FA_3_Przyklad_1.xml');
    inv.Fa.FaWiersz![0].StanPrzed = '1';
    expect(summary(invoiceKindRule(inv))).toEqual([['FA3_STANPRZED_UNEXPECTED', 'Fa/FaWiersz[1]/StanPrzed', 'warning']]);
  });

  it('warns about an advance invoice without the order it advances', () => {
    const inv = sample('FA_3_Przyklad_10.xml');
    delete inv.Fa.Zamowienie;
    expect(summary(invoiceKindRule(inv))).toEqual([['FA3_ORDER_MISSING', 'Fa/Zamowienie', 'warning']]);
  });

  it('warns about an order value that is not the sum of its gross rows', () => {
    const inv = sample('FA_3_Przyklad_10.xml');
    inv.Fa.Zamowienie!.WartoscZamowienia = '375000';
    expect(summary(invoiceKindRule(inv))).toEqual([['FA3_ORDER_VALUE_MISMATCH', 'Fa/Zamowienie/WartoscZamowienia', 'warning']]);
  });

  it('leaves the rows a correction replaces (StanPrzedZ) out of the order value (MF Przykład 11)', () => {
    expect(invoiceKindRule(sample('FA_3_Przyklad_11.xml'))).toEqual([]);
  });

  it('warns about a settlement invoice that lists no advance invoice', () => {
    const inv = sample('FA_3_Przyklad_14.xml');
    delete inv.Fa.FakturaZaliczkowa;
    expect(summary(invoiceKindRule(inv))).toEqual([['FA3_ADVANCE_INVOICES_MISSING', 'Fa/FakturaZaliczkowa', 'warning']]);
  });

  it('warns about an advance correction without the amount before it (P_15ZK)', () => {
    const inv = sample('FA_3_Przyklad_12.xml');
    delete inv.Fa.P_15ZK;
    expect(summary(invoiceKindRule(inv))).toEqual([['FA3_P15ZK_MISSING', 'Fa/P_15ZK', 'warning']]);
  });
});
