import { checkRules } from '../../../../core/fa3/rules/checkRules.js';
import { EXTRA_SAMPLES, MF_SAMPLES, NOW, sample } from './sampleInvoices.js';

describe('checkRules on the shared samples', () => {
  it.each(MF_SAMPLES)('finds nothing wrong with the Ministry sample %s', (name) => {
    expect(checkRules(sample(name), { now: NOW })).toEqual([]);
  });

  it.each(EXTRA_SAMPLES.filter((n) => !n.includes('06_EXP')))('finds no error in the third-party sample %s', (name) => {
    expect(checkRules(sample(name), { now: NOW }).filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('flags extra_KSEF_06_EXP: a 0 EX line whose net amount sits in P_13_6_2 (WDT) instead of P_13_6_3', () => {
    const issues = checkRules(sample('extra_KSEF_06_EXP.xml'), { now: NOW });
    expect(issues.map((i) => [i.code, i.location, i.severity])).toEqual([
      ['FA3_NET_SUM_MISMATCH', 'Fa/P_13_6_2', 'error'],
      ['FA3_NET_SUM_MISMATCH', 'Fa/P_13_6_3', 'error'],
    ]);
    expect(issues[1].message).toMatch(/0 EX.*15000\.00.*P_13_6_3 is missing/);
  });

  it('warns that extra_KSEF_07 states a net order value where the XSD asks for the gross one', () => {
    const issues = checkRules(sample('extra_KSEF_07_KOR_ZAL_A.xml'), { now: NOW });
    expect(issues.map((i) => [i.code, i.severity])).toEqual([['FA3_ORDER_VALUE_MISMATCH', 'warning']]);
  });

  it('applies the 1 MB limit without an attachment and 3 MB with one, when told the size', () => {
    const inv = sample('FA_3_Przyklad_1.xml');
    expect(checkRules(inv, { now: NOW, sizeBytes: 1_000_000 })).toEqual([]);
    expect(checkRules(inv, { now: NOW, sizeBytes: 1_000_001 }).map((i) => i.code)).toEqual(['FA3_SIZE_LIMIT']);
    expect(checkRules(inv, { now: NOW, sizeBytes: 2_500_000, hasAttachment: true })).toEqual([]);
    expect(checkRules(inv, { now: NOW, sizeBytes: 3_000_001, hasAttachment: true }).map((i) => i.code)).toEqual(['FA3_SIZE_LIMIT']);
  });

  it('judges the 3 MB limit by the invoice\'s own attachment when not told otherwise', () => {
    const inv = sample('FA_3_Przyklad_24.xml');
    expect(inv.Zalacznik).toBeDefined();
    expect(checkRules(inv, { now: NOW, sizeBytes: 2_000_000 })).toEqual([]);
  });
});
