import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFa3 } from '../../../core/fa3/Fa3Reader.js';
import { writeFa3 } from '../../../core/fa3/Fa3Writer.js';
import { Fa3XsdValidator } from '../../../core/fa3/validation/Fa3XsdValidator.js';
import { FA3_SAMPLES_DIR, SCHEMAS_DIR } from '../../support/sharedDir.js';
import { canonicalXml } from './canonicalXml.js';

const samples = readdirSync(FA3_SAMPLES_DIR).filter((f) => f.endsWith('.xml')).sort();

describe('FA(3) round trip over every official and extra sample', () => {
  let validator: Fa3XsdValidator;
  beforeAll(async () => {
    validator = await Fa3XsdValidator.load(SCHEMAS_DIR);
  });
  afterAll(() => validator.dispose());

  it('finds the 20 MF samples and 12 extra ones', () => {
    expect(samples.filter((f) => f.startsWith('FA_3_'))).toHaveLength(20);
    expect(samples.filter((f) => f.startsWith('extra_KSEF_'))).toHaveLength(12);
  });

  it.each(samples)('%s: XML -> model -> XML is XSD-valid and semantically equal', (file) => {
    const input = readFileSync(join(FA3_SAMPLES_DIR, file), 'utf8');
    expect(validator.validate(input)).toEqual([]);
    const output = writeFa3(readFa3(input, file));
    expect(validator.validate(output)).toEqual([]);
    expect(canonicalXml(output)).toEqual(canonicalXml(input));
  });

  it.each(samples)('%s: XML -> JSON text -> XML is XSD-valid and semantically equal', (file) => {
    const input = readFileSync(join(FA3_SAMPLES_DIR, file));
    const json = JSON.stringify(readFa3(input, file));
    const output = writeFa3(JSON.parse(json));
    expect(validator.validate(output)).toEqual([]);
    expect(canonicalXml(output)).toEqual(canonicalXml(input.toString('utf8')));
    expect(writeFa3(readFa3(output))).toBe(output);
  });
});
