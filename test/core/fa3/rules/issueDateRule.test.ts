import { issueDateRule, warsawDate } from '../../../../core/fa3/rules/issueDateRule.js';
import { sample } from './sampleInvoices.js';

describe('issueDateRule', () => {
  it('rejects an issue date later than today', () => {
    const inv = sample('FA_3_Przyklad_1.xml');
    inv.Fa.P_1 = '2026-02-16';
    const issues = issueDateRule(inv, new Date('2026-02-15T10:00:00Z'));
    expect(issues.map((i) => [i.code, i.location, i.severity])).toEqual([['FA3_P1_IN_FUTURE', 'Fa/P_1', 'error']]);
  });

  it('accepts today and past dates', () => {
    const inv = sample('FA_3_Przyklad_1.xml');
    expect(issueDateRule(inv, new Date('2026-02-15T10:00:00Z'))).toEqual([]);
    expect(issueDateRule(inv, new Date('2030-01-01T00:00:00Z'))).toEqual([]);
  });

  it('uses the date in Poland, not in UTC, around midnight', () => {
    const inv = sample('FA_3_Przyklad_1.xml'); // P_1 2026-02-15
    expect(warsawDate(new Date('2026-02-14T23:30:00Z'))).toBe('2026-02-15');
    expect(issueDateRule(inv, new Date('2026-02-14T23:30:00Z'))).toEqual([]);
    expect(issueDateRule(inv, new Date('2026-02-14T22:30:00Z')).map((i) => i.code)).toEqual(['FA3_P1_IN_FUTURE']);
    // summer time: UTC+2
    inv.Fa.P_1 = '2026-07-01';
    expect(issueDateRule(inv, new Date('2026-06-30T22:30:00Z'))).toEqual([]);
    expect(issueDateRule(inv, new Date('2026-06-30T21:30:00Z'))).toHaveLength(1);
  });
});
