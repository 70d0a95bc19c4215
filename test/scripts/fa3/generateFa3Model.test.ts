import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emitJsonSchema } from '../../../scripts/fa3/emitJsonSchema.js';
import { emitStructure } from '../../../scripts/fa3/emitStructure.js';
import { emitTypes } from '../../../scripts/fa3/emitTypes.js';
import { readXsdModel } from '../../../scripts/fa3/xsdModel.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';

const model = readXsdModel(join(SCHEMAS_DIR, 'fa3'));
const committed = (path: string) => readFileSync(join(process.cwd(), path), 'utf8');

describe('FA(3) model generator', () => {
  it('committed model, structure and JSON Schema are what the official XSD generates (run `npm run gen:fa3`)', () => {
    expect(emitTypes(model)).toBe(committed('core/fa3/model/Faktura.ts'));
    expect(emitStructure(model)).toBe(committed('core/fa3/xsd/fa3Structure.ts'));
    expect(emitJsonSchema(model)).toBe(committed('docs/fa3-canonical-json.schema.json'));
  });

  it('gives every element of the XSD a place', () => {
    const xsd = readFileSync(join(SCHEMAS_DIR, 'fa3', 'schemat_FA(3)_v1-0E.xsd'), 'utf8');
    const declared = new Set([...xsd.matchAll(/<xsd:element name="([^"]+)"/g)].map((m) => m[1]));
    const placed = new Set([model.root.name, ...[...model.complexTypes.values()].flatMap((t) => t.children.map((c) => c.name))]);
    expect([...declared].filter((n) => !placed.has(n))).toEqual([]);
    expect(declared.size).toBeGreaterThan(250);
  });

  it('keeps the XSD order and repetition of Fa and the seven invoice kinds', () => {
    const fa = model.complexTypes.get('Fa')!;
    const names = fa.children.map((c) => c.name);
    expect(names.slice(0, 5)).toEqual(['KodWaluty', 'P_1', 'P_1M', 'P_2', 'WZ']);
    expect(names.indexOf('P_15')).toBeLessThan(names.indexOf('Adnotacje'));
    expect(names.at(-1)).toBe('Zamowienie');
    expect(fa.children.find((c) => c.name === 'FaWiersz')).toMatchObject({ array: true, optional: true, maxOccurs: 10000 });
    expect(model.simpleTypes.get('TRodzajFaktury')?.enumeration).toEqual(['VAT', 'KOR', 'ZAL', 'ROZ', 'UPR', 'KOR_ZAL', 'KOR_ROZ']);
  });

  it('records each xsd:choice with its branches', () => {
    const id = model.complexTypes.get('TPodmiot2')!;
    expect(id.choices[0]).toEqual([['NIP'], ['KodUE', 'NrVatUE'], ['KodKraju', 'NrID'], ['BrakID']]);
  });
});
