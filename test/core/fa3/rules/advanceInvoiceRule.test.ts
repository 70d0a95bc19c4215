import { advanceInvoiceRule } from '../../../../core/fa3/rules/advanceInvoiceRule.js';
import { sample } from './sampleInvoices.js';

const summary = (issues: { code: string; location: string; severity: string }[]): string[][] =>
  issues.map((i) => [i.code, i.location, i.severity]);

describe('advanceInvoiceRule', () => {
  it('accepts the Ministry\'s advance invoice, all at 23% like its order', () => {
    expect(advanceInvoiceRule(sample('FA_3_Przyklad_10.xml'))).toEqual([]);
  });

  it('warns when the advance is split over rates unlike the order', () => {
    const inv = sample('FA_3_Przyklad_10.xml');
    // the whole order is at 23%; book the advance at 8% instead
    inv.Fa.P_13_2 = inv.Fa.P_13_1;
    inv.Fa.P_14_2 = inv.Fa.P_14_1;
    delete inv.Fa.P_13_1;
    delete inv.Fa.P_14_1;
    expect(summary(advanceInvoiceRule(inv))).toEqual([
      ['FA3_ADVANCE_SPLIT_MISMATCH', 'Fa/P_13_1', 'warning'],
      ['FA3_ADVANCE_SPLIT_MISMATCH', 'Fa/P_13_2', 'warning'],
    ]);
  });

  it('warns when the advance exceeds the order value', () => {
    const inv = sample('FA_3_Przyklad_10.xml');
    inv.Fa.Zamowienie!.WartoscZamowienia = '10000';
    expect(advanceInvoiceRule(inv).map((i) => i.code)).toContain('FA3_ADVANCE_EXCEEDS_ORDER');
  });
});
