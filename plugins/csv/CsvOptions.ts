import { z } from '../../core/plugin-api/index.js';
import { CSV_ENCODINGS } from './reading/detectEncoding.js';

/** The options of a `csv` plugin instance (config `plugins[].options`). */
export const csvOptionsSchema = z.object({
  inbox: z.string().min(1).optional().describe('folder the ERP drops files into; default <dataDir>/plugins/<id>/inbox'),
  archive: z.string().min(1).optional().describe('taken files, in dated subfolders; default beside the inbox'),
  out: z.string().min(1).optional().describe('results, rejected rows and UPOs; default beside the inbox'),
  failed: z.string().min(1).optional().describe('files that cannot be read at all, with <name>.error.txt; default beside the inbox'),
  mapping: z.string().min(1).optional().describe('YAML mapping file; default: the built-in default mapping'),
  extensions: z.array(z.string().regex(/^\.\w+$/)).min(1).default(['.csv', '.txt']).describe('names of files to take'),
  take: z.discriminatedUnion('when', [
    z.object({ when: z.literal('stable'), stableMs: z.number().int().min(0).default(5000) }).strict(),
    z.object({ when: z.literal('renamed') }).strict(),
    z.object({ when: z.literal('marker'), suffix: z.string().min(1).default('.done') }).strict(),
  ]).default({ when: 'stable', stableMs: 5000 }).describe('when a file is complete: size stable for stableMs, renamed from a temporary name, or a marker file'),
  results: z.object({
    encoding: z.enum(CSV_ENCODINGS).optional(),
    delimiter: z.enum([';', ',', '\t', '|']).optional(),
  }).strict().default({}).describe('encoding and delimiter of result files; default: those of the input file'),
  pairWaitMs: z.number().int().min(0).default(3_600_000).describe('layout header-lines: how long a header file (or lines file) waits for its other half before it goes to failed/'),
  resultsDelayMs: z.number().int().min(0).default(500).describe('outcomes arriving within this time update a results file in one rewrite; 0: each outcome is written before it is acknowledged'),
  concurrency: z.number().int().min(1).max(1000).default(64).describe('invoices of a file handed to the gateway at once'),
  purchaseRegister: z.union([z.string().min(1), z.literal(false)]).optional()
    .describe('CSV file a row is appended to per received invoice (purchases.enabled); default <out>/purchases.csv; false: none'),
  urgent: z.boolean().default(false).describe('send these invoices online at once instead of batching'),
}).strict();

export type CsvOptions = z.infer<typeof csvOptionsSchema>;
