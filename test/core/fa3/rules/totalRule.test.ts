import { totalRule } from '../../../../core/fa3/rules/totalRule.js';
import { sample } from './sampleInvoices.js';

describe('totalRule', () => {
  it('rejects an invoice whose P_15 differs from the sum of its tax summary', () => {
    const inv = sample('FA_3_Przyklad_9.xml');
    inv.Fa.P_15 = '2761.00';
    const issues = totalRule(inv);
    expect(issues.map((i) => [i.code, i.location, i.severity])).toEqual([['FA3_TOTAL_MISMATCH', 'Fa/P_15', 'error']]);
    expect(issues[0].message).toContain('2760.00');
  });

  it('allows a grosz per taxed bucket (MF Przykład 1: 2051 against 2050.99)', () => {
    const inv = sample('FA_3_Przyklad_1.xml');
    expect(totalRule(inv)).toEqual([]);
    inv.Fa.P_15 = '2051.01'; // two taxed buckets: tolerance 0.02 around 2050.99
    expect(totalRule(inv)).toEqual([]);
    inv.Fa.P_15 = '2051.02';
    expect(totalRule(inv)).toHaveLength(1);
  });

  it('holds for corrections, whose amounts are differences', () => {
    const inv = sample('FA_3_Przyklad_2.xml');
    expect(totalRule(inv)).toEqual([]);
    inv.Fa.P_15 = '200';
    expect(totalRule(inv).map((i) => i.code)).toEqual(['FA3_TOTAL_MISMATCH']);
  });

  it('does not count the PLN tax fields into the total', () => {
    expect(totalRule(sample('FA_3_Przyklad_21.xml'))).toEqual([]);
  });

  it('skips an invoice without any tax summary bucket (UPR Przykład 16)', () => {
    const inv = sample('FA_3_Przyklad_16.xml');
    inv.Fa.P_15 = '999';
    expect(totalRule(inv)).toEqual([]);
  });
});
