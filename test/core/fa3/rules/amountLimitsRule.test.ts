import { amountLimitsRule } from '../../../../core/fa3/rules/amountLimitsRule.js';
import { sample } from './sampleInvoices.js';

const summary = (issues: { code: string; location: string; severity: string }[]): string[][] =>
  issues.map((i) => [i.code, i.location, i.severity]);

describe('amountLimitsRule', () => {
  it('rejects Annex 15 goods over 15000 PLN without split payment', () => {
    const inv = sample('FA_3_Przyklad_4.xml'); // 64279.92 PLN, P_18A=2
    inv.Fa.FaWiersz![1].P_12_Zal_15 = '1';
    expect(summary(amountLimitsRule(inv))).toEqual([['FA3_SPLIT_PAYMENT_FLAG_MISSING', 'Fa/Adnotacje/P_18A', 'error']]);
    inv.Fa.Adnotacje.P_18A = '1';
    expect(amountLimitsRule(inv)).toEqual([]);
  });

  it('does not require split payment up to 15000 PLN', () => {
    const inv = sample('FA_3_Przyklad_1.xml');
    inv.Fa.FaWiersz![0].P_12_Zal_15 = '1';
    expect(amountLimitsRule(inv)).toEqual([]);
  });

  it('only warns for a foreign-currency invoice, whose PLN equivalent it cannot know', () => {
    const inv = sample('FA_3_Przyklad_21.xml');
    inv.Fa.FaWiersz![0].P_12_Zal_15 = '1';
    expect(summary(amountLimitsRule(inv))).toEqual([['FA3_SPLIT_PAYMENT_CHECK', 'Fa/Adnotacje/P_18A', 'warning']]);
  });

  it('warns about a simplified invoice over 450 PLN', () => {
    const inv = sample('FA_3_Przyklad_15.xml'); // exactly 450
    expect(amountLimitsRule(inv)).toEqual([]);
    inv.Fa.P_15 = '450.01';
    expect(summary(amountLimitsRule(inv))).toEqual([['FA3_SIMPLIFIED_OVER_LIMIT', 'Fa/P_15', 'warning']]);
  });
});
