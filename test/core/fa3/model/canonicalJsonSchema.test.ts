import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFa3 } from '../../../../core/fa3/Fa3Reader.js';
import { FA3_SAMPLES_DIR } from '../../../support/sharedDir.js';

const schema = JSON.parse(readFileSync(join(process.cwd(), 'docs', 'fa3-canonical-json.schema.json'), 'utf8')) as object;
const ajv = new Ajv2020({ allErrors: true, strict: false });
const validate = ajv.compile(schema);
const samples = readdirSync(FA3_SAMPLES_DIR).filter((f) => f.endsWith('.xml'));
const sampleJson = (name = 'FA_3_Przyklad_1.xml') => JSON.parse(JSON.stringify(readFa3(readFileSync(join(FA3_SAMPLES_DIR, name))))) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('docs/fa3-canonical-json.schema.json', () => {
  it.each(samples)('accepts the canonical JSON of %s', (file) => {
    const ok = validate(sampleJson(file));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('rejects an amount given as a number', () => {
    const doc = sampleJson();
    doc.Fa.P_15 = 123.45;
    expect(validate(doc)).toBe(false);
    expect(validate.errors?.[0].instancePath).toBe('/Fa/P_15');
  });

  it('rejects an unknown field and a missing required one', () => {
    const doc = sampleJson();
    doc.Fa.Kolor = 'red';
    delete doc.Podmiot2.JST;
    expect(validate(doc)).toBe(false);
    const paths = (validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`);
    expect(paths).toEqual(expect.arrayContaining(['/Fa additionalProperties', '/Podmiot2 required']));
  });

  it('rejects a single object where FA(3) allows repetition, and an unknown tax rate', () => {
    const doc = sampleJson();
    doc.Fa.FaWiersz = doc.Fa.FaWiersz[0];
    expect(validate(doc)).toBe(false);
    const doc2 = sampleJson();
    doc2.Fa.FaWiersz[0].P_12 = '24';
    expect(validate(doc2)).toBe(false);
  });
});
