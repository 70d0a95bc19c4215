import type { ErpDocument, InvoiceDraft, ValidationReport } from '../../../core/plugin-api/index.js';
import { hasErrors } from '../idoc/Idoc.js';
import type { IdocLayout } from '../idoc/IdocLayout.js';
import { parseIdoc } from '../idoc/parseIdoc.js';
import { describeIssue, describeOutcomeError } from '../IdocIntake.js';
import { mapInvoic02 } from '../mapping/mapInvoic02.js';
import type { SapMapping } from '../mapping/SapMapping.js';
import type { SapMappingHook } from '../mapping/SapMappingHook.js';

/** The dry run of one IDoc: what the plugin would submit, and every problem found, located. */
export interface IdocCheck {
  readonly docnum: string;
  readonly idocType: string;
  readonly extension?: string;
  readonly billingDocument?: string;
  readonly erpId?: string;
  readonly unknownSegments: readonly string[];
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
  readonly draft?: InvoiceDraft;
  /** The FA(3) XML the gateway would send, when the draft is valid. */
  readonly fa3?: string;
}

export interface CheckReport {
  readonly ok: boolean;
  /** Problems of the file itself (not XML, no IDoc in it). */
  readonly fileErrors: readonly string[];
  readonly idocs: readonly IdocCheck[];
}

/**
 * `sap check`: reads an IDoc file as the plugin would, maps every IDoc and runs the gateway's whole validation on
 * the draft, storing and sending nothing.
 */
export async function checkIdocs(text: string, setup: { layout: IdocLayout; mapping: SapMapping; hook?: SapMappingHook }, validate: (doc: ErpDocument) => Promise<ValidationReport>): Promise<CheckReport> {
  const parsed = parseIdoc(text, setup.layout);
  const idocs: IdocCheck[] = [];
  for (const idoc of parsed.idocs) {
    const base = { docnum: idoc.docnum, idocType: idoc.idocType, ...(idoc.extension ? { extension: idoc.extension } : {}), unknownSegments: idoc.unknownSegments };
    const readWarnings = idoc.issues.filter((i) => i.severity === 'warning').map(describeIssue);
    if (hasErrors(idoc)) {
      idocs.push({ ...base, errors: idoc.issues.filter((i) => i.severity === 'error').map(describeIssue), warnings: readWarnings });
      continue;
    }
    const mapped = mapInvoic02(idoc, setup.mapping, setup.hook);
    const warnings = [...readWarnings, ...mapped.warnings.map(describeIssue)];
    if (!mapped.ok) {
      idocs.push({ ...base, ...(mapped.billingDocument ? { billingDocument: mapped.billingDocument } : {}), errors: mapped.errors.map(describeIssue), warnings });
      continue;
    }
    const report = await validate({ erpId: mapped.erpId, payload: { format: 'draft', draft: mapped.draft, sources: mapped.sources } });
    idocs.push({
      ...base, billingDocument: mapped.billingDocument, erpId: mapped.erpId, draft: mapped.draft,
      errors: report.errors.map(describeOutcomeError), warnings: [...warnings, ...report.warnings.map(describeOutcomeError)],
      ...(report.valid ? { fa3: report.xml } : {}),
    });
  }
  const fileErrors = parsed.issues.map(describeIssue);
  return { ok: fileErrors.length === 0 && idocs.length > 0 && idocs.every((i) => i.errors.length === 0), fileErrors, idocs };
}

/** The report as text for people: per IDoc its errors, warnings, unknown segments, the draft and the FA(3). */
export function formatCheckReport(report: CheckReport): string {
  const out: string[] = [];
  for (const e of report.fileErrors) out.push(`error: ${e}`);
  for (const i of report.idocs) {
    out.push(`IDoc ${i.docnum} (${i.idocType}${i.extension ? `/${i.extension}` : ''})${i.billingDocument ? ` billing document ${i.billingDocument}` : ''}: ${i.errors.length === 0 ? 'OK' : `${i.errors.length} error(s)`}`);
    for (const e of i.errors) out.push(`  error: ${e}`);
    for (const w of i.warnings) out.push(`  warning: ${w}`);
    if (i.unknownSegments.length) out.push(`  segments not in the layout (kept for the hook): ${i.unknownSegments.join(', ')}`);
    if (i.draft) out.push('  draft:', ...JSON.stringify(i.draft, null, 2).split('\n').map((l) => `    ${l}`));
    if (i.fa3) out.push('  FA(3):', ...i.fa3.split('\n').map((l) => `    ${l}`));
  }
  out.push(report.ok ? `${report.idocs.length} IDoc(s), all valid` : `${report.idocs.filter((i) => i.errors.length).length} of ${report.idocs.length} IDoc(s) with errors${report.fileErrors.length ? ', file errors' : ''}`);
  return `${out.join('\n')}\n`;
}
