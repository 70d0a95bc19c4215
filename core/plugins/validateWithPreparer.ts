import { contextMismatch } from '../pipeline/contextMismatch.js';
import type { DocumentPreparer } from '../pipeline/ports/DocumentPreparer.js';
import type { ErpDocument, ValidationReport } from '../plugin-api/types.js';

/**
 * `ctx.gateway.validate`: the preparer's whole check (build, file, XSD, rules) on a document, nothing stored.
 * `source` is the plugin instance whose ERP ids a draft's references name (none: such references are reported).
 */
export async function validateWithPreparer(preparer: DocumentPreparer, document: ErpDocument, source?: string): Promise<ValidationReport> {
  const result = await preparer.prepare(document, source);
  const warnings = result.warnings ?? [];
  const mismatch = result.ok ? contextMismatch(document, result.document.contextNip) : undefined;
  if (mismatch) return { valid: false, errors: [mismatch], warnings };
  if (result.ok) return { valid: true, xml: result.document.xml.toString('utf8'), errors: [], warnings };
  return { valid: false, errors: result.errors, warnings };
}
