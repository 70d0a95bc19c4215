import type { Idoc, IdocSegment } from './Idoc.js';
import type { IdocLayout } from './IdocLayout.js';
import { DD40_HEADER, EDI_DC40, writeFixed } from './recordLayouts.js';

/** The shape an IDoc is written from: control record and segment tree (an `Idoc` fits). */
export type IdocContent = Pick<Idoc, 'control' | 'segments'>;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escape = (s: string): string => s.replace(/[&<>"]/g, (c) => ESCAPES[c]);

/**
 * Writes IDoc-XML as SAP's XML ports do: root named for the extension or the IDoc type, `<IDOC BEGIN="1">` per
 * IDoc, control record fields in EDI_DC40 order, fields only when not empty.
 */
export function writeIdocXml(idocs: readonly IdocContent[]): string {
  const first = idocs[0]?.control ?? {};
  const root = first.CIMTYP || first.IDOCTYP || 'IDOC';
  const parts = ['<?xml version="1.0" encoding="UTF-8"?>', `<${root}>`];
  for (const idoc of idocs) {
    parts.push('<IDOC BEGIN="1"><EDI_DC40 SEGMENT="1">');
    const control: Record<string, string> = { TABNAM: 'EDI_DC40', ...idoc.control };
    for (const f of EDI_DC40) if (control[f.name]) parts.push(`<${f.name}>${escape(control[f.name])}</${f.name}>`);
    parts.push('</EDI_DC40>');
    const write = (segments: readonly IdocSegment[]): void => {
      for (const s of segments) {
        parts.push(`<${s.name} SEGMENT="1">`);
        for (const [name, value] of Object.entries(s.fields)) parts.push(`<${name}>${escape(value)}</${name}>`);
        write(s.children);
        parts.push(`</${s.name}>`);
      }
    };
    write(idoc.segments);
    parts.push('</IDOC>');
  }
  parts.push(`</${root}>`);
  return parts.join('');
}

/** One EDI_DD40 row per segment, as RFC tables (IDOC_INBOUND_ASYNCHRONOUS) and flat files carry them. */
export function idocDataRecords(idoc: IdocContent, layout: IdocLayout): { SEGNAM: string; MANDT: string; DOCNUM: string; SEGNUM: string; PSGNUM: string; HLEVEL: string; SDATA: string }[] {
  const rows: ReturnType<typeof idocDataRecords> = [];
  const write = (segments: readonly IdocSegment[], parent: number, level: number): void => {
    for (const s of segments) {
      const fieldLayout = layout.segment(s.name)?.fields ?? [];
      const sdata = s.sdata ?? fieldLayout.map((f) => (s.fields[f.name] ?? '').padEnd(f.length).slice(0, f.length)).join('').trimEnd();
      rows.push({
        SEGNAM: s.name, MANDT: idoc.control.MANDT ?? '', DOCNUM: idoc.control.DOCNUM ?? '', SEGNUM: String(s.segnum).padStart(6, '0'),
        PSGNUM: String(parent).padStart(6, '0'), HLEVEL: String(level).padStart(2, '0'), SDATA: sdata,
      });
      write(s.children, s.segnum, level + 1);
    }
  };
  write(idoc.segments, 0, 2);
  return rows;
}

/** Flat file form: the control record, then one data record a line; `pad` writes full-length records as SAP's file port does. */
export function writeFlatIdoc(idocs: readonly IdocContent[], layout: IdocLayout, pad = true): string {
  const lines: string[] = [];
  for (const idoc of idocs) {
    const control = writeFixed({ TABNAM: 'EDI_DC40', ...idoc.control }, EDI_DC40);
    lines.push(pad ? control : control.trimEnd());
    for (const row of idocDataRecords(idoc, layout)) {
      const record = writeFixed(row, DD40_HEADER) + row.SDATA;
      lines.push(pad ? record.padEnd(1063) : record.trimEnd());
    }
  }
  return `${lines.join('\n')}\n`;
}
