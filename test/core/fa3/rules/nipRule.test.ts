import { nipRule } from '../../../../core/fa3/rules/nipRule.js';
import { sample } from './sampleInvoices.js';

const codes = (issues: { code: string; location: string }[]): string[][] => issues.map((i) => [i.code, i.location]);

describe('nipRule', () => {
  it('rejects a seller NIP with a wrong check digit', () => {
    const inv = sample('FA_3_Przyklad_1.xml');
    inv.Podmiot1.DaneIdentyfikacyjne.NIP = '1234567890';
    expect(codes(nipRule(inv))).toEqual([['FA3_NIP_CHECKSUM', 'Podmiot1/DaneIdentyfikacyjne/NIP']]);
  });

  it('rejects a buyer NIP with a wrong check digit', () => {
    const inv = sample('FA_3_Przyklad_1.xml');
    inv.Podmiot2.DaneIdentyfikacyjne.NIP = '5265877636';
    expect(codes(nipRule(inv))).toEqual([['FA3_NIP_CHECKSUM', 'Podmiot2/DaneIdentyfikacyjne/NIP']]);
  });

  it('rejects a third party NIP and the NIP part of a third party internal id', () => {
    const inv = sample('FA_3_Przyklad_4.xml');
    const third = inv.Podmiot3![0];
    inv.Podmiot3!.push({ ...third, DaneIdentyfikacyjne: { IDWew: '1234567890-00001' } });
    third.DaneIdentyfikacyjne = { NIP: '1111111112' };
    expect(codes(nipRule(inv))).toEqual([
      ['FA3_NIP_CHECKSUM', 'Podmiot3[1]/DaneIdentyfikacyjne/NIP'],
      ['FA3_NIP_CHECKSUM', 'Podmiot3[2]/DaneIdentyfikacyjne/IDWew'],
    ]);
  });

  it('rejects the NIP of an authorised party and of the parties before a correction', () => {
    const inv = sample('FA_3_Przyklad_2.xml');
    inv.PodmiotUpowazniony = { DaneIdentyfikacyjne: { NIP: '1234567890', Nazwa: 'Komornik' }, Adres: { KodKraju: 'PL', AdresL1: 'x' }, RolaPU: '2' };
    inv.Fa.Podmiot2K = [{ DaneIdentyfikacyjne: { NIP: '1234567890' } }];
    expect(codes(nipRule(inv))).toEqual([
      ['FA3_NIP_CHECKSUM', 'PodmiotUpowazniony/DaneIdentyfikacyjne/NIP'],
      ['FA3_NIP_CHECKSUM', 'Fa/Podmiot2K[1]/DaneIdentyfikacyjne/NIP'],
    ]);
  });

  it('accepts a valid internal id and only warns about its extra check digit', () => {
    const inv = sample('FA_3_Przyklad_4.xml');
    inv.Podmiot3![0].DaneIdentyfikacyjne = { IDWew: '5265877635-00000' };
    const issues = nipRule(inv);
    expect(issues.every((i) => i.severity === 'warning')).toBe(true);
  });
});
