import { lineNumbersRule } from '../../../../core/fa3/rules/lineNumbersRule.js';
import { sample } from './sampleInvoices.js';

describe('lineNumbersRule', () => {
  it('rejects a repeated line number', () => {
    const inv = sample('FA_3_Przyklad_1.xml');
    inv.Fa.FaWiersz![2].NrWierszaFa = '01';
    const issues = lineNumbersRule(inv);
    expect(issues.map((i) => [i.code, i.location])).toEqual([['FA3_LINE_NUMBER_DUPLICATE', 'Fa/FaWiersz[3]/NrWierszaFa']]);
    expect(issues[0].message).toContain('FaWiersz[1]');
  });

  it('lets a correction\'s before and after rows share a number (MF Przykład 2)', () => {
    expect(lineNumbersRule(sample('FA_3_Przyklad_2.xml'))).toEqual([]);
  });
});
