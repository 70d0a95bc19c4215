import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFa3 } from '../../../core/fa3/Fa3Reader.js';
import { FA3_SAMPLES_DIR } from '../../support/sharedDir.js';
import { thrownGatewayError as thrown } from '../../support/thrownGatewayError.js';

const raw = (name = 'FA_3_Przyklad_1.xml') => readFileSync(join(FA3_SAMPLES_DIR, name), 'utf8');


describe('readFa3', () => {
  it('reads every official sample to the same model when told the bytes are already known well-formed', () => {
    const samples = readdirSync(FA3_SAMPLES_DIR).filter((f) => f.endsWith('.xml'));
    expect(samples.length).toBeGreaterThan(0);
    for (const name of samples) expect(readFa3(raw(name), name, { wellFormed: true })).toEqual(readFa3(raw(name), name));
  });

  it('still refuses a DOCTYPE and a foreign namespace when the well-formedness pass is skipped', () => {
    expect(thrown(() => readFa3(`<!DOCTYPE x>${raw()}`, 'doc', { wellFormed: true })).code).toBe('GW_FA3_DOCTYPE');
    expect(thrown(() => readFa3(raw().replace('2025/06/25/13775', '2023/06/29/12648'), 'doc', { wellFormed: true })).code).toBe('GW_FA3_NOT_FA3');
  });

  it('keeps NIPs, amounts and codes as the exact text', () => {
    const inv = readFa3(raw());
    expect(typeof inv.Podmiot1.DaneIdentyfikacyjne.NIP).toBe('string');
    expect(inv.Fa.P_15).toMatch(/^\d+(\.\d+)?$/);
    expect(inv.Naglowek.WariantFormularza).toBe('3');
    expect(inv.Naglowek.KodFormularza).toEqual({ '#text': 'FA', '@kodSystemowy': 'FA (3)', '@wersjaSchemy': '1-0E' });
  });

  it('makes every repeatable element an array, even with one occurrence', () => {
    const xml = raw().replace(/<FaWiersz>[\s\S]*<\/FaWiersz>/, (m) => m.slice(0, m.indexOf('</FaWiersz>') + '</FaWiersz>'.length));
    const inv = readFa3(xml);
    expect(Array.isArray(inv.Fa.FaWiersz)).toBe(true);
    expect(inv.Fa.FaWiersz).toHaveLength(1);
  });

  it('reads bytes, a BOM and a prefixed namespace the same as plain text', () => {
    const text = raw();
    const prefixed = text
      .replace('xmlns="http://crd.gov.pl/wzor/2025/06/25/13775/"', 'xmlns:fa="http://crd.gov.pl/wzor/2025/06/25/13775/"')
      .replace(/<(\/?)([A-Za-z_][\w]*)([\s>/])/g, (m, slash: string, name: string, end: string) => (name === 'xml' ? m : `<${slash}fa:${name}${end}`));
    expect(prefixed).toContain('<fa:Faktura');
    const expected = readFa3(text);
    expect(readFa3(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toEqual(expected);
    expect(readFa3(prefixed)).toEqual(expected);
  });

  it('decodes character references', () => {
    const inv = readFa3(raw().replace(/<P_2>[^<]*<\/P_2>/, '<P_2>A&#38;B&#x2F;1 &amp; &lt;x&gt;</P_2>'));
    expect(inv.Fa.P_2).toBe('A&B/1 & <x>');
  });

  it('ignores comments and reads CDATA as text', () => {
    const xml = raw().replace(/<P_2>[^<]*<\/P_2>/, '<!-- number --><P_2><![CDATA[FV<1>&2]]></P_2>');
    const inv = readFa3(xml);
    expect(inv.Fa.P_2).toBe('FV<1>&2');
    expect(JSON.stringify(inv)).not.toContain('number');
  });

  it('rejects XML that is not well-formed with its line', () => {
    const e = thrown(() => readFa3('<Faktura xmlns="http://crd.gov.pl/wzor/2025/06/25/13775/">\n<Naglowek></Faktura>', 'doc-7'));
    expect(e).toMatchObject({ code: 'GW_FA3_NOT_WELL_FORMED', kind: 'data' });
    expect(e.location).toMatch(/^line 2/);
    expect(e.message).toMatch(/^doc-7: /);
  });

  it('refuses a DOCTYPE, so no entity can be expanded or loaded', () => {
    const xml = raw().replace('<Faktura', '<!DOCTYPE Faktura [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<Faktura').replace(/<P_2>[^<]*<\/P_2>/, '<P_2>&x;</P_2>');
    expect(thrown(() => readFa3(xml))).toMatchObject({ code: 'GW_FA3_DOCTYPE', kind: 'data' });
  });

  it('rejects bytes that are not UTF-8', () => {
    const bytes = Buffer.from(raw().replace('Sp. z o.o.', 'Sp. z o.o. \u0142'), 'latin1');
    expect(thrown(() => readFa3(bytes))).toMatchObject({ code: 'GW_FA3_ENCODING', kind: 'data' });
  });

  it('rejects another document type or another FA version by its namespace', () => {
    expect(thrown(() => readFa3('<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>'))).toMatchObject({ code: 'GW_FA3_NOT_FA3' });
    const fa2 = raw().replace('http://crd.gov.pl/wzor/2025/06/25/13775/', 'http://crd.gov.pl/wzor/2023/06/29/12648/');
    const e = thrown(() => readFa3(fa2));
    expect(e.code).toBe('GW_FA3_NOT_FA3');
    expect(e.message).toContain('12648');
  });

  it('rejects an unknown element with its path', () => {
    const bad = raw().replace(/(<FaWiersz>[\s\S]*?<\/FaWiersz>\s*<FaWiersz>\s*<NrWierszaFa>[^<]*<\/NrWierszaFa>)/, '$1<Kolor>red</Kolor>');
    expect(bad).toContain('<Kolor>');
    expect(thrown(() => readFa3(bad))).toMatchObject({ code: 'GW_FA3_UNKNOWN_ELEMENT', location: 'Fa/FaWiersz[2]/Kolor' });
  });

  it('rejects an element that may appear only once but appears twice', () => {
    const bad = raw().replace(/(<P_2>[^<]*<\/P_2>)/, '$1$1');
    expect(thrown(() => readFa3(bad))).toMatchObject({ code: 'GW_FA3_REPEATED_ELEMENT', location: 'Fa/P_2' });
  });

  it('rejects child elements inside a value and text inside a structure', () => {
    expect(thrown(() => readFa3(raw().replace(/<P_2>[^<]*<\/P_2>/, '<P_2><x>1</x></P_2>')))).toMatchObject({ code: 'GW_FA3_UNEXPECTED_CONTENT', location: 'Fa/P_2' });
    expect(thrown(() => readFa3(raw().replace(/<Podmiot1>/, '<Podmiot1>loose text')))).toMatchObject({ code: 'GW_FA3_UNEXPECTED_CONTENT', location: 'Podmiot1' });
  });
});
