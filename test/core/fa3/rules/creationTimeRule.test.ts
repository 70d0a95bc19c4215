import { creationTimeRule } from '../../../../core/fa3/rules/creationTimeRule.js';
import { sample } from './sampleInvoices.js';

describe('creationTimeRule', () => {
  it('warns about a creation time without a time zone', () => {
    const inv = sample('FA_3_Przyklad_1.xml');
    inv.Naglowek.DataWytworzeniaFa = '2026-02-15T09:30:47';
    expect(creationTimeRule(inv).map((i) => [i.code, i.location, i.severity])).toEqual([['FA3_CREATION_TIME_NO_ZONE', 'Naglowek/DataWytworzeniaFa', 'warning']]);
  });

  it('warns about 7-digit fractions, and accepts offsets and milliseconds', () => {
    const inv = sample('FA_3_Przyklad_1.xml');
    inv.Naglowek.DataWytworzeniaFa = '2026-02-15T09:30:47.1234567Z';
    expect(creationTimeRule(inv).map((i) => i.code)).toEqual(['FA3_CREATION_TIME_PRECISION']);
    inv.Naglowek.DataWytworzeniaFa = '2026-02-15T10:30:47.123+01:00';
    expect(creationTimeRule(inv)).toEqual([]);
  });
});
