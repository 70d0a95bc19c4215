import { partiesRule } from '../../../../core/fa3/rules/partiesRule.js';
import { sample } from './sampleInvoices.js';

const summary = (issues: { code: string; location: string; severity: string }[]): string[][] =>
  issues.map((i) => [i.code, i.location, i.severity]);

describe('partiesRule', () => {
  it('rejects JST=1 without a third party in role 8', () => {
    const inv = sample('FA_3_Przyklad_1.xml');
    inv.Podmiot2.JST = '1';
    expect(summary(partiesRule(inv))).toEqual([['FA3_JST_RECIPIENT_MISSING', 'Podmiot2/JST', 'error']]);
    inv.Podmiot3 = [{ DaneIdentyfikacyjne: { NIP: '5265877635' }, Rola: '8' }];
    expect(partiesRule(inv)).toEqual([]);
  });

  it('rejects GV=1 without a third party in role 10', () => {
    const inv = sample('FA_3_Przyklad_1.xml');
    inv.Podmiot2.GV = '1';
    expect(summary(partiesRule(inv))).toEqual([['FA3_GV_MEMBER_MISSING', 'Podmiot2/GV', 'error']]);
  });

  it('rejects a Polish buyer identified by an EU VAT number instead of the NIP field', () => {
    const inv = sample('FA_3_Przyklad_1.xml');
    inv.Podmiot2.DaneIdentyfikacyjne = { KodUE: 'PL', NrVatUE: '5265877635', Nazwa: 'Nabywca' };
    expect(summary(partiesRule(inv))).toEqual([['FA3_BUYER_NIP_PLACEMENT', 'Podmiot2/DaneIdentyfikacyjne/KodUE', 'error']]);
  });
});
