import { foreignCurrencyRule } from '../../../../core/fa3/rules/foreignCurrencyRule.js';
import { sample } from './sampleInvoices.js';

const summary = (issues: { code: string; location: string; severity: string }[]): string[][] =>
  issues.map((i) => [i.code, i.location, i.severity]);

describe('foreignCurrencyRule', () => {
  it('requires the PLN tax of a taxed bucket on a foreign-currency invoice', () => {
    const inv = sample('FA_3_Przyklad_21.xml');
    delete inv.Fa.P_14_1W;
    expect(summary(foreignCurrencyRule(inv))).toEqual([['FA3_PLN_TAX_MISSING', 'Fa/P_14_1W', 'error']]);
  });

  it('does not require PLN tax when no bucket is taxed (MF Przykład 22, EUR, 0% WDT)', () => {
    expect(foreignCurrencyRule(sample('FA_3_Przyklad_22.xml'))).toEqual([]);
  });

  it('checks P_14_xW against the lines\' exchange rates (MF Przykład 21) and warns on a mismatch', () => {
    const inv = sample('FA_3_Przyklad_21.xml');
    expect(foreignCurrencyRule(inv)).toEqual([]);
    inv.Fa.P_14_1W = '13700.00';
    const issues = foreignCurrencyRule(inv);
    expect(summary(issues)).toEqual([['FA3_PLN_TAX_MISMATCH', 'Fa/P_14_1W', 'warning']]);
    expect(issues[0].message).toContain('13768.14');
  });

  it('warns about a PLN tax field on a PLN invoice', () => {
    const inv = sample('FA_3_Przyklad_1.xml');
    inv.Fa.P_14_1W = '383.33';
    expect(summary(foreignCurrencyRule(inv))).toEqual([['FA3_PLN_TAX_UNEXPECTED', 'Fa/P_14_1W', 'warning']]);
  });
});
