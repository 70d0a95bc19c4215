import { decodeText } from '../../../core/plugin-api/index.js';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { CsvFileError } from '../reading/CsvFileError.js';
import { csvMappingSchema, type CsvMapping } from './CsvMapping.js';
import { defaultMapping } from './defaultMapping.js';

/**
 * The mapping from a YAML file, or the default mapping when no path is given. Every fault of the file is reported
 * at once, each naming its key (`fields.issueDate: give exactly one of column, const or concat`).
 */
export async function loadMapping(path?: string): Promise<CsvMapping> {
  if (path === undefined) return parseMapping(defaultMapping, 'default mapping');
  let text: string;
  try {
    const decoded = decodeText(await readFile(path), { source: path });
    if (!decoded.ok) throw new Error(decoded.error.message);
    text = decoded.text;
  } catch (err) {
    throw new CsvFileError('GW_CSV_MAPPING_INVALID', `cannot read the mapping: ${(err as Error).message}`, path, { cause: err });
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch (err) {
    throw new CsvFileError('GW_CSV_MAPPING_INVALID', `is not valid YAML: ${(err as Error).message}`, path, { cause: err });
  }
  return parseMapping(data, path);
}

export function parseMapping(data: unknown, name: string): CsvMapping {
  const result = csvMappingSchema.safeParse(data);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new CsvFileError('GW_CSV_MAPPING_INVALID', `is not a valid mapping:\n  ${issues.join('\n  ')}`, name);
}
