import { annotationsRule } from '../../../../core/fa3/rules/annotationsRule.js';
import { sample } from './sampleInvoices.js';

const codes = (issues: { code: string; location: string }[]): string[][] => issues.map((i) => [i.code, i.location]);

describe('annotationsRule', () => {
  it('rejects an exempt sale without P_19=1', () => {
    const inv = sample('FA_3_Przyklad_9.xml');
    inv.Fa.Adnotacje.Zwolnienie = { P_19N: '1' };
    expect(codes(annotationsRule(inv))).toEqual([['FA3_EXEMPTION_FLAG_MISSING', 'Fa/Adnotacje/Zwolnienie/P_19']]);
  });

  it('rejects a reverse-charge line without P_18=1', () => {
    const inv = sample('FA_3_Przyklad_1.xml');
    inv.Fa.FaWiersz![2].P_12 = 'oo';
    expect(codes(annotationsRule(inv))).toEqual([['FA3_REVERSE_CHARGE_FLAG_MISSING', 'Fa/Adnotacje/P_18']]);
    inv.Fa.Adnotacje.P_18 = '1';
    expect(annotationsRule(inv)).toEqual([]);
  });

  it('rejects a margin-scheme amount without P_PMarzy=1', () => {
    const inv = sample('FA_3_Przyklad_8.xml');
    inv.Fa.Adnotacje.PMarzy = { P_PMarzyN: '1' };
    expect(codes(annotationsRule(inv))).toEqual([['FA3_MARGIN_FLAG_MISSING', 'Fa/Adnotacje/PMarzy/P_PMarzy']]);
  });
});
