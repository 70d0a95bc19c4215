import type { IdocParseResult } from './Idoc.js';
import type { IdocLayout } from './IdocLayout.js';
import { parseFlatIdoc } from './parseFlatIdoc.js';
import { parseIdocXml } from './parseIdocXml.js';

/** Reads IDoc-XML or flat EDI_DC40/EDI_DD40 records, whichever the input is. */
export function parseIdoc(input: string, layout: IdocLayout): IdocParseResult {
  const start = input.replace(/^\uFEFF/, '').trimStart();
  return start.startsWith('<') ? parseIdocXml(input, layout) : parseFlatIdoc(input, layout);
}
