import { datesAndTermsRule } from '../../../../core/fa3/rules/datesAndTermsRule.js';
import { sample } from './sampleInvoices.js';

const summary = (issues: { code: string; location: string; severity: string }[]): string[][] =>
  issues.map((i) => [i.code, i.location, i.severity]);

describe('datesAndTermsRule', () => {
  it('warns when the invoice has both a common delivery date and per-line dates', () => {
    const inv = sample('FA_3_Przyklad_4.xml');
    expect(datesAndTermsRule(inv)).toEqual([]);
    inv.Fa.P_6 = '2026-01-03';
    expect(summary(datesAndTermsRule(inv))).toEqual([['FA3_DELIVERY_DATE_MIXED', 'Fa/FaWiersz[1]/P_6A', 'warning']]);
  });

  it('warns about a contract rate without its currency and about PLN as contract currency', () => {
    const inv = sample('FA_3_Przyklad_1.xml');
    inv.Fa.WarunkiTransakcji = { KursUmowny: '4.30' };
    expect(summary(datesAndTermsRule(inv))).toEqual([['FA3_CONTRACT_RATE_INCOMPLETE', 'Fa/WarunkiTransakcji/WalutaUmowna', 'warning']]);
    inv.Fa.WarunkiTransakcji = { KursUmowny: '1', WalutaUmowna: 'PLN' };
    expect(summary(datesAndTermsRule(inv))).toEqual([['FA3_CONTRACT_CURRENCY_PLN', 'Fa/WarunkiTransakcji/WalutaUmowna', 'warning']]);
  });
});
