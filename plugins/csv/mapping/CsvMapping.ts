import { z } from '../../../core/plugin-api/index.js';
import { CSV_ENCODINGS } from '../reading/detectEncoding.js';
import { DATE_FORMATS } from '../values/parseDate.js';

/**
 * Where a value comes from. A string names a header column, a number is a 1-based column position; the object
 * form adds constants, concatenation, value maps, a default when empty and splitting "PL1234567890".
 */
export type FieldSpec = string | number | FieldRule;

export interface FieldRule {
  readonly column?: string | number;
  readonly const?: string;
  readonly concat?: readonly FieldSpec[];
  /** Put between concatenated parts; empty parts are skipped. Default one space. */
  readonly separator?: string;
  /** `country` takes the leading two letters of "PL1234567890" (none: undefined), `number` the rest. */
  readonly split?: 'country' | 'number';
  /** A value map: inline, or the name of an entry of `valueMaps`. */
  readonly map?: string | Readonly<Record<string, string>>;
  /** Used when the value is empty. */
  readonly default?: FieldSpec;
  /** The column may be absent from the file: its value is then empty (instead of a fault of the file). */
  readonly optional?: boolean;
}

const fieldSpec: z.ZodType<FieldSpec> = z.lazy(() => z.union([
  z.string().min(1),
  z.number().int().min(1),
  z.object({
    column: z.union([z.string().min(1), z.number().int().min(1)]).optional(),
    const: z.string().optional(),
    concat: z.array(fieldSpec).min(1).optional(),
    separator: z.string().optional(),
    split: z.enum(['country', 'number']).optional(),
    map: z.union([z.string().min(1), z.record(z.string(), z.string())]).optional(),
    default: fieldSpec.optional(),
    optional: z.boolean().optional(),
  }).strict().refine((r) => [r.column, r.const, r.concat].filter((x) => x !== undefined).length === 1, {
    message: 'give exactly one of column, const or concat',
  }),
]));

const fieldMap = z.record(z.string().min(1), fieldSpec);

export const csvMappingSchema = z.object({
  /** `lines`: one row per invoice line, header fields repeated. `header-lines`: a header file and a lines file. */
  layout: z.enum(['lines', 'header-lines']).default('lines'),
  /** For `header-lines`: file name patterns (`*` is the shared part) that pair a header file with its lines file. */
  files: z.object({ header: z.string().includes('*').default('*.header.csv'), lines: z.string().includes('*').default('*.lines.csv') })
    .strict().default({ header: '*.header.csv', lines: '*.lines.csv' }),
  encoding: z.enum(['auto', ...CSV_ENCODINGS]).default('auto'),
  delimiter: z.enum(['auto', ';', ',', '\t', 'tab', '|']).default('auto'),
  decimal: z.enum(['auto', 'comma', 'point']).default('auto'),
  dateFormat: z.enum(['auto', ...DATE_FORMATS]).default('auto'),
  /** False when the file has no header row: then columns are named by position only. */
  headerRow: z.boolean().default(true),
  /** The ERP's document id: joins the rows of one invoice (and the lines file to the header file). */
  documentId: fieldSpec,
  /** For `header-lines`: the document id in the lines file, when its column differs from the header file's. */
  linesDocumentId: fieldSpec.optional(),
  valueMaps: z.record(z.string().min(1), z.record(z.string(), z.string())).default({}),
  /** Invoice fields (draft paths) taken from the row (or the header file). */
  fields: fieldMap,
  /** Line fields (draft paths under a line), one line per row (of the lines file). */
  lines: fieldMap,
  /** Several companies in one folder: overrides chosen by the value of `by` (for example the seller's NIP). */
  contexts: z.object({
    by: fieldSpec,
    mappings: z.record(z.string().min(1), z.object({ fields: fieldMap.default({}), lines: fieldMap.default({}) }).strict()),
    /** What to do with a row whose `by` value has no entry: use the base mapping, or reject the invoice. */
    unknown: z.enum(['base', 'reject']).default('reject'),
  }).strict().optional(),
}).strict();

export type CsvMapping = z.infer<typeof csvMappingSchema>;
export type CsvMappingInput = z.input<typeof csvMappingSchema>;
