/**
 * Generates the FA(3) canonical model from the official XSD:
 *   core/fa3/model/Faktura.ts, core/fa3/xsd/fa3Structure.ts, docs/fa3-canonical-json.schema.json.
 * Reads the XSD from KSEF_SCHEMAS_DIR (the folder holding fa3/) or ../shared/ksef/schemas; the XSD itself is never
 * committed. Run: `npm run gen:fa3`.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { emitJsonSchema } from './emitJsonSchema.js';
import { emitStructure } from './emitStructure.js';
import { emitTypes } from './emitTypes.js';
import { readXsdModel } from './xsdModel.js';

const projectDir = resolve(process.argv[2] ?? process.cwd());
const schemasDir = resolve(process.env.KSEF_SCHEMAS_DIR ?? join(projectDir, '..', 'shared', 'ksef', 'schemas'));
const model = readXsdModel(join(schemasDir, 'fa3'));

writeFileSync(join(projectDir, 'core/fa3/model/Faktura.ts'), emitTypes(model));
writeFileSync(join(projectDir, 'core/fa3/xsd/fa3Structure.ts'), emitStructure(model));
writeFileSync(join(projectDir, 'docs/fa3-canonical-json.schema.json'), emitJsonSchema(model));
console.log(`generated ${model.complexTypes.size} complex and ${model.simpleTypes.size} simple types from ${schemasDir}`);
