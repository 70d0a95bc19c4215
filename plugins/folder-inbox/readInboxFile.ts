import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { ErpDocument } from '../../core/plugin-api/index.js';

export const INBOX_EXTENSIONS = ['.xml', '.json'] as const;

/** The ERP id of a dropped file: its name without the extension (`FV-2026-001.xml` -> `FV-2026-001`). */
export function erpIdOf(fileName: string): string {
  return basename(fileName, extname(fileName));
}

/**
 * Turns one dropped file into a document: `.xml` is ready FA(3) XML, `.json` canonical FA(3) JSON. Throws with the
 * file name and the reason when the file cannot be read as such.
 */
export async function readInboxFile(path: string, urgent: boolean): Promise<ErpDocument> {
  const text = await readFile(path, 'utf8');
  const erpId = erpIdOf(path);
  if (extname(path).toLowerCase() === '.xml') return { erpId, urgent, payload: { format: 'fa3-xml', xml: text } };
  let invoice: unknown;
  try {
    invoice = JSON.parse(text);
  } catch (err) {
    throw new Error(`${basename(path)}: not valid JSON: ${(err as Error).message}`);
  }
  if (invoice === null || typeof invoice !== 'object' || Array.isArray(invoice)) {
    throw new Error(`${basename(path)}: canonical FA(3) JSON must be an object`);
  }
  return { erpId, urgent, payload: { format: 'fa3-json', invoice } };
}
