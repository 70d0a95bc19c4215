import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFa3 } from '../../../core/fa3/Fa3Reader.js';
import { writeFa3, writeFa3Bytes } from '../../../core/fa3/Fa3Writer.js';
import type { Faktura } from '../../../core/fa3/model/Faktura.js';
import { FA3_SAMPLES_DIR } from '../../support/sharedDir.js';
import { thrownGatewayError as thrown } from '../../support/thrownGatewayError.js';

const sample = (): Faktura => readFa3(readFileSync(join(FA3_SAMPLES_DIR, 'FA_3_Przyklad_1.xml')));

function reverseKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reverseKeys);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverseKeys(x)]));
}


describe('writeFa3', () => {
  it('writes elements in XSD order whatever the key order of the model', () => {
    const inv = sample();
    expect(writeFa3(reverseKeys(inv) as Faktura)).toBe(writeFa3(inv));
    const xml = writeFa3(inv);
    expect(xml.indexOf('<Naglowek>')).toBeLessThan(xml.indexOf('<Podmiot1>'));
    expect(xml.indexOf('<P_15>')).toBeLessThan(xml.indexOf('<Adnotacje>'));
    expect(xml.indexOf('<Adnotacje>')).toBeLessThan(xml.indexOf('<RodzajFaktury>'));
  });

  it('starts with the XML declaration, uses the FA(3) default namespace, no BOM and no other processing instruction', () => {
    const bytes = writeFa3Bytes(sample());
    expect([...bytes.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    const xml = bytes.toString('utf8');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<Faktura xmlns="http://crd.gov.pl/wzor/2025/06/25/13775/">')).toBe(true);
    expect(xml.match(/<\?/g)).toHaveLength(1);
  });

  it('fills the fixed KodFormularza attributes when the model leaves them out', () => {
    const inv = sample();
    const kod = inv.Naglowek.KodFormularza as unknown as Record<string, string>;
    delete kod['@kodSystemowy'];
    delete kod['@wersjaSchemy'];
    expect(writeFa3(inv)).toContain('<KodFormularza kodSystemowy="FA (3)" wersjaSchemy="1-0E">FA</KodFormularza>');
  });

  it('normalises decimals to the XSD type: no plus sign, no leading zeros, surplus trailing zeros cut', () => {
    const inv = sample();
    inv.Fa.P_15 = ' +007.500 ';
    inv.Fa.FaWiersz![0].P_8B = '2.0000000';
    const xml = writeFa3(inv);
    expect(xml).toContain('<P_15>7.50</P_15>');
    expect(xml).toContain('<P_8B>2.000000</P_8B>');
  });

  it('rejects a non-decimal amount naming the document, the field and the reason', () => {
    const inv = sample();
    inv.Fa.FaWiersz![1].P_11 = '1,5';
    const e = thrown(() => writeFa3(inv));
    expect(e.code).toBe('GW_FA3_INVALID_DECIMAL');
    expect(e.kind).toBe('data');
    expect(e.location).toBe('Fa/FaWiersz[2]/P_11');
    expect(e.message).toContain(inv.Fa.P_2);
    expect(e.message).toContain('"1,5"');
  });

  it('rejects numbers: amounts are decimal strings', () => {
    const inv = sample() as unknown as { Fa: { P_15: unknown } };
    inv.Fa.P_15 = 12.5;
    const e = thrown(() => writeFa3(inv as unknown as Faktura));
    expect(e).toMatchObject({ code: 'GW_FA3_INVALID_VALUE', location: 'Fa/P_15' });
    expect(e.message).toMatch(/decimal strings/);
  });

  it('rejects a field FA(3) does not have instead of dropping it', () => {
    const inv = sample() as unknown as { Podmiot2: Record<string, unknown> };
    inv.Podmiot2.Telefon = '123';
    expect(thrown(() => writeFa3(inv as unknown as Faktura))).toMatchObject({ code: 'GW_FA3_UNKNOWN_ELEMENT', location: 'Podmiot2/Telefon' });
  });

  it('rejects a single object where the XSD allows repetition', () => {
    const inv = sample() as unknown as { Fa: Record<string, unknown> };
    inv.Fa.FaWiersz = (inv.Fa.FaWiersz as unknown[])[0];
    expect(thrown(() => writeFa3(inv as unknown as Faktura))).toMatchObject({ code: 'GW_FA3_INVALID_VALUE', location: 'Fa/FaWiersz' });
  });

  it('escapes markup and keeps it through the reader', () => {
    const inv = sample();
    inv.Podmiot1.DaneIdentyfikacyjne.Nazwa = 'A & B <"Sp. z o.o."> \'x\'';
    const xml = writeFa3(inv);
    expect(xml).toContain('<Nazwa>A &amp; B &lt;"Sp. z o.o."&gt; \'x\'</Nazwa>');
    expect(readFa3(xml).Podmiot1.DaneIdentyfikacyjne.Nazwa).toBe('A & B <"Sp. z o.o."> \'x\'');
  });

  it('rejects a missing required attribute that has no fixed value (attachment column type)', () => {
    const inv = sample();
    inv.Zalacznik = { BlokDanych: [{ MetaDane: [{ ZKlucz: 'k', ZWartosc: 'v' }], Tabela: [{ TNaglowek: { Kol: [{ NKom: 'Opis' } as never] }, Wiersz: [{ WKom: ['x'] }] }] }] };
    expect(thrown(() => writeFa3(inv))).toMatchObject({ code: 'GW_FA3_MISSING_ATTRIBUTE', location: 'Zalacznik/BlokDanych[1]/Tabela[1]/TNaglowek/Kol[1]' });
  });

  it('rejects characters XML cannot carry', () => {
    const inv = sample();
    inv.Fa.P_2 = 'FV\u0001/1';
    expect(thrown(() => writeFa3(inv))).toMatchObject({ code: 'GW_FA3_INVALID_CHARACTER', location: 'Fa/P_2' });
  });

  it('omits undefined optional elements and writes an empty string as an empty element', () => {
    const inv = sample();
    inv.Fa.P_1M = undefined;
    expect(writeFa3(inv)).not.toContain('<P_1M');
    inv.Podmiot1.PrefiksPodatnika = '' as 'PL';
    expect(writeFa3(inv)).toContain('<PrefiksPodatnika/>');
  });
});
