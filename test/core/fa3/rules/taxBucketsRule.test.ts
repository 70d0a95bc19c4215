import type { FaWiersz } from '../../../../core/fa3/model/Faktura.js';
import { Decimal } from '../../../../core/fa3/rules/Decimal.js';
import { taxBucketsRule } from '../../../../core/fa3/rules/taxBucketsRule.js';
import { sample } from './sampleInvoices.js';

const summary = (issues: { code: string; location: string; severity: string }[]): string[][] =>
  issues.map((i) => [i.code, i.location, i.severity]);

describe('taxBucketsRule', () => {
  it('rejects a P_13_x that differs from the sum of its lines', () => {
    const inv = sample('FA_3_Przyklad_1.xml');
    inv.Fa.FaWiersz![1].P_11 = '41.65';
    const issues = taxBucketsRule(inv);
    expect(summary(issues)).toEqual([['FA3_NET_SUM_MISMATCH', 'Fa/P_13_1', 'error']]);
    expect(issues[0].message).toContain('1667.66');
  });

  it('accumulates 23% and 22% lines into the same bucket', () => {
    const inv = sample('FA_3_Przyklad_1.xml');
    inv.Fa.FaWiersz![1].P_12 = '22';
    // tax rate check is skipped for a mixed bucket; the net sum still holds
    expect(taxBucketsRule(inv)).toEqual([]);
  });

  it('rejects a P_14_x that is not the bucket\'s net times its rate', () => {
    const inv = sample('FA_3_Przyklad_1.xml');
    inv.Fa.P_14_1 = '383.35';
    expect(summary(taxBucketsRule(inv))).toEqual([['FA3_TAX_MISMATCH', 'Fa/P_14_1', 'error']]);
  });

  it('tolerates one grosz per bucket', () => {
    const inv = sample('FA_3_Przyklad_1.xml');
    inv.Fa.P_14_1 = '383.34';
    inv.Fa.P_13_3 = '0.96';
    expect(taxBucketsRule(inv)).toEqual([]);
  });

  it('computes gross-method lines (P_11A) as net = gross - tax contained', () => {
    const inv = sample('FA_3_Przyklad_19.xml');
    expect(taxBucketsRule(inv)).toEqual([]);
    inv.Fa.FaWiersz!.find((l) => l.P_12 === '23')!.P_11A = '1100';
    expect(summary(taxBucketsRule(inv))).toEqual([['FA3_NET_SUM_MISMATCH', 'Fa/P_13_1', 'error']]);
  });

  it('reads a correction\'s before/after rows as after minus before, and only warns', () => {
    const inv = sample('FA_3_Przyklad_2.xml');
    expect(taxBucketsRule(inv)).toEqual([]);
    const after = inv.Fa.FaWiersz!.find((l) => l.StanPrzed === undefined)!;
    after.P_11 = '1400.00';
    expect(summary(taxBucketsRule(inv))).toEqual([['FA3_NET_SUM_MISMATCH', 'Fa/P_13_1', 'warning']]);
  });

  it('does not compare a settlement (ROZ) or advance (ZAL) invoice\'s buckets with its lines', () => {
    const roz = sample('FA_3_Przyklad_14.xml');
    roz.Fa.FaWiersz![0].P_11 = '1';
    expect(taxBucketsRule(roz)).toEqual([]);
  });

  it('checks an advance invoice\'s tax against the order rows\' rate', () => {
    const zal = sample('FA_3_Przyklad_10.xml');
    expect(taxBucketsRule(zal)).toEqual([]);
    zal.Fa.P_14_1 = '3000.00';
    expect(summary(taxBucketsRule(zal))).toEqual([['FA3_TAX_MISMATCH', 'Fa/P_14_1', 'error']]);
  });

  it('warns, without guessing, when a line has an amount but no rate', () => {
    const inv = sample('FA_3_Przyklad_1.xml');
    delete inv.Fa.FaWiersz![2].P_12;
    expect(summary(taxBucketsRule(inv))).toEqual([['FA3_LINE_RATE_MISSING', 'Fa/FaWiersz[3]/P_12', 'warning']]);
  });

  it('skips the line comparison when lines carry no amounts (simplified invoice)', () => {
    const inv = sample('FA_3_Przyklad_15.xml');
    expect(taxBucketsRule(inv)).toEqual([]);
  });

  it('flags a bucket whose lines exist but whose P_13_x is missing', () => {
    const inv = sample('FA_3_Przyklad_9.xml');
    const line: FaWiersz = { NrWierszaFa: '3', P_7: 'eksport', P_8A: 'szt.', P_8B: '1', P_9A: '10', P_11: '10', P_12: '0 EX' };
    inv.Fa.FaWiersz!.push(line);
    const issues = taxBucketsRule(inv);
    expect(summary(issues)).toEqual([['FA3_NET_SUM_MISMATCH', 'Fa/P_13_6_3', 'error']]);
    expect(issues[0].message).toContain('P_13_6_3 is missing');
  });

  it('normalises whitespace in rate codes as the XSD token type does', () => {
    const inv = sample('FA_3_Przyklad_1.xml');
    inv.Fa.FaWiersz![0].P_12 = ' 23 ' as FaWiersz['P_12'];
    expect(taxBucketsRule(inv)).toEqual([]);
  });
});

describe('taxBucketsRule on settlement invoices', () => {
  it('allows a grosz per advance invoice in a ROZ\'s remainder tax, and no more', () => {
    const inv = sample('FA_3_Przyklad_14.xml'); // P_13_2 280177.59 at 8% -> 22414.21
    const cent = Decimal.parse('0.01')!;
    const tolerance = cent.mul(Decimal.of(1 + Math.max(1, inv.Fa.FakturaZaliczkowa!.length)));
    const exact = Decimal.parse('22414.21')!;
    inv.Fa.P_14_2 = exact.add(tolerance).toFixed2();
    expect(taxBucketsRule(inv)).toEqual([]);
    inv.Fa.P_14_2 = exact.add(tolerance).add(cent).toFixed2();
    expect(taxBucketsRule(inv).map((i) => [i.code, i.location])).toEqual([['FA3_TAX_MISMATCH', 'Fa/P_14_2']]);
  });
});
