import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { decodeText, z } from '../../../core/plugin-api/index.js';

/** An operator's SAP setup file (mapping or layout) that cannot be used, naming the file and, where known, the key. */
export class SapSetupFileError extends Error {
  constructor(readonly code: 'GW_SAP_SETUP_FILE_UNREADABLE' | 'GW_SAP_SETUP_FILE_INVALID', readonly file: string, message: string, options?: ErrorOptions) {
    super(`${file}: ${message}`, options);
    this.name = 'SapSetupFileError';
  }
}

/**
 * Reads a setup file as strict UTF-8 (a file saved as Windows-1250 by an editor is refused with its line and column,
 * never read with U+FFFD in a partner name or a tax code), parses it as YAML or JSON, and checks it with `schema`,
 * reporting every fault with its key.
 */
export async function readSetupFile<T>(path: string, format: 'yaml' | 'json', schema: z.ZodType<T>): Promise<T> {
  const file = resolve(path);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new SapSetupFileError('GW_SAP_SETUP_FILE_UNREADABLE', path, `cannot be read: ${(err as Error).message}`, { cause: err });
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok) throw new SapSetupFileError('GW_SAP_SETUP_FILE_UNREADABLE', path, decoded.error.message);
  let data: unknown;
  try {
    data = format === 'yaml' ? parseYaml(decoded.text) ?? {} : JSON.parse(decoded.text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new SapSetupFileError('GW_SAP_SETUP_FILE_INVALID', path, `is not valid ${format.toUpperCase()}: ${(err as Error).message}`, { cause: err });
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new SapSetupFileError('GW_SAP_SETUP_FILE_INVALID', path, `is not valid:\n  ${issues.join('\n  ')}`);
  }
  return result.data;
}

const number = z.union([z.string(), z.number()]);

/** IDOCTYPE_READ_COMPLETE's output as a customer records it (docs/sap.md): the parts the layout is built from. */
export const readCompleteSchema = z.object({
  PT_SEGMENTS: z.array(z.object({ SEGMENTTYP: z.string(), PARSEG: z.string().optional() })).optional(),
  PT_FIELDS: z.array(z.object({ SEGMENTTYP: z.string(), FIELDNAME: z.string(), BYTE_FIRST: number, EXTLEN: number, FIELD_POS: number.optional() })).min(1),
});
