import type { IdocParseResult, Idoc } from './Idoc.js';
import { idocError, type IdocIssue } from './IdocIssue.js';
import type { IdocLayout } from './IdocLayout.js';
import { DC40_LENGTH, DD40_HEADER, DD40_HEADER_LENGTH, DD40_LENGTH, EDI_DC40, readFixed } from './recordLayouts.js';
import { readIdocRecords, type DataRecord } from './readIdocRecords.js';


interface Line { readonly text: string; readonly line: number }

/**
 * Reads flat IDocs: EDI_DC40 control records each followed by their EDI_DD40 data records, one record a line, or
 * fixed-length records with no line breaks at all. SDATA fields are cut by offset and length from the layout.
 *
 * Writers differ on trailing blanks: SAP's file port pads every record to its full length, many tools trim them. A
 * file whose records are padded is held to it, so a shorter record there is truncated (an error); in a trimmed
 * file only a record that ends inside the 63-character data record header is.
 */
export function parseFlatIdoc(text: string, layout: IdocLayout): IdocParseResult {
  const lines = splitRecords(text);
  const padded = lines.some((l) => l.text.length >= DD40_LENGTH) || lines.some((l) => l.text.startsWith('EDI_DC40') && l.text.length >= DC40_LENGTH);
  const issues: IdocIssue[] = [];
  const idocs: Idoc[] = [];
  let control: { readonly fields: Record<string, string>; readonly line: number } | undefined;
  let records: DataRecord[] = [];
  const flush = (): void => {
    if (control) idocs.push(readIdocRecords(control.fields, records, layout));
    control = undefined;
    records = [];
  };
  for (const { text: record, line } of lines) {
    if (record.trim() === '') continue;
    if (record.startsWith('EDI_DC40')) {
      flush();
      const fields = readFixed(record, EDI_DC40);
      if (padded && record.length < DC40_LENGTH) {
        issues.push(idocError('GW_SAP_IDOC_RECORD_TRUNCATED', `control record has ${record.length} of ${DC40_LENGTH} characters`, { docnum: fields.DOCNUM, line }));
      }
      control = { fields, line };
      continue;
    }
    const header = readFixed(record, DD40_HEADER);
    if (!control) {
      issues.push(idocError('GW_SAP_IDOC_NO_CONTROL_RECORD', 'data record before any EDI_DC40 control record', { segment: header.SEGNAM, line }));
      continue;
    }
    const short = padded ? record.length < DD40_LENGTH : record.length < DD40_HEADER_LENGTH;
    if (short) {
      issues.push(idocError('GW_SAP_IDOC_RECORD_TRUNCATED', `data record has ${record.length} of ${padded ? DD40_LENGTH : `at least ${DD40_HEADER_LENGTH}`} characters`, {
        docnum: control.fields.DOCNUM, segment: header.SEGNAM, ...(header.SEGNUM && /^\d+$/.test(header.SEGNUM) ? { segnum: Number(header.SEGNUM) } : {}), line,
      }));
      continue;
    }
    records.push({
      SEGNAM: header.SEGNAM ?? '', DOCNUM: header.DOCNUM, SEGNUM: header.SEGNUM ?? '', PSGNUM: header.PSGNUM, HLEVEL: header.HLEVEL,
      SDATA: record.slice(DD40_HEADER_LENGTH), line,
    });
  }
  flush();
  return { idocs: idocs.map((idoc) => withFileIssues(idoc, issues)), issues: issues.filter((i) => !i.location.docnum) };
}

/** Record-level problems of an IDoc's own records belong to that IDoc (it must not be mapped with a record missing). */
function withFileIssues(idoc: Idoc, issues: readonly IdocIssue[]): Idoc {
  const own = issues.filter((i) => i.location.docnum === idoc.docnum && idoc.docnum !== '');
  return own.length === 0 ? idoc : { ...idoc, issues: [...own, ...idoc.issues] };
}

function splitRecords(text: string): Line[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (!body.includes('\n') && body.length > DC40_LENGTH) return fixedLength(body);
  return body.split(/\r?\n/).map((t, i) => ({ text: t, line: i + 1 }));
}

/** Records with no line breaks: a control record is 524 characters, a data record 1063. */
function fixedLength(body: string): Line[] {
  const out: Line[] = [];
  let at = 0;
  while (at < body.length) {
    const length = body.startsWith('EDI_DC40', at) ? DC40_LENGTH : DD40_LENGTH;
    out.push({ text: body.slice(at, at + length), line: out.length + 1 });
    at += length;
  }
  return out;
}
