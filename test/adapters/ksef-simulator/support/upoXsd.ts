import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XmlDocument, XmlValidateError, XsdValidator } from 'libxml2-wasm';
import { SCHEMAS_DIR } from '../../../support/sharedDir.js';

let validator: XsdValidator | undefined;

/** Validates a UPO against schemas/upo/v4-3/upo-v4-3.xsd; returns libxml2's messages (empty = valid). */
export function upoIssues(xml: string | Buffer): string[] {
  const file = join(SCHEMAS_DIR, 'upo', 'v4-3', 'upo-v4-3.xsd');
  validator ??= XsdValidator.fromDoc(XmlDocument.fromBuffer(readFileSync(file), { url: `file://${file}` }));
  const doc = typeof xml === 'string' ? XmlDocument.fromString(xml) : XmlDocument.fromBuffer(xml);
  try {
    validator.validate(doc);
    return [];
  } catch (e) {
    return e instanceof XmlValidateError ? e.details.map((d) => d.message) : [String(e)];
  } finally {
    doc.dispose();
  }
}
