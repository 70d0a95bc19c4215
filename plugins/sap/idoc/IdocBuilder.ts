import type { Idoc, IdocSegment } from './Idoc.js';
import { idocError, idocWarning, type IdocIssue, type IdocLocation } from './IdocIssue.js';
import type { IdocLayout } from './IdocLayout.js';

interface MutableSegment {
  name: string;
  segnum: number;
  fields: Record<string, string>;
  children: MutableSegment[];
  known: boolean;
  sdata?: string;
}

/**
 * Collects the segments of one IDoc as either reader (XML or flat records) finds them, checks them against the
 * layout (parent, field names, lengths) and records every problem with its location.
 */
export class IdocBuilder {
  readonly issues: IdocIssue[] = [];
  private readonly top: MutableSegment[] = [];
  private readonly bySegnum = new Map<number, MutableSegment>();
  private readonly unknown = new Set<string>();

  constructor(readonly control: Readonly<Record<string, string>>, private readonly layout: IdocLayout) {}

  get docnum(): string {
    return this.control.DOCNUM ?? '';
  }

  error(code: string, message: string, where: Omit<IdocLocation, 'docnum'> = {}): void {
    this.issues.push(idocError(code, message, { docnum: this.docnum, ...where }));
  }

  warn(code: string, message: string, where: Omit<IdocLocation, 'docnum'> = {}): void {
    this.issues.push(idocWarning(code, message, { docnum: this.docnum, ...where }));
  }

  /** Adds a segment read by field names (IDoc-XML). `parent` is the SEGNUM of the enclosing segment, 0 for top level. */
  addNamed(name: string, segnum: number, parent: number, fields: Record<string, string>, where: Omit<IdocLocation, 'docnum'> = {}): void {
    const lengths = this.layout.fieldLengths(name);
    if (lengths) {
      for (const [field, value] of Object.entries(fields)) {
        const length = lengths.get(field);
        if (length === undefined) this.warn('GW_SAP_IDOC_FIELD_UNKNOWN', `field ${field} is not in the layout of ${name} (load the system's own layout)`, { ...where, segment: name, segnum, field });
        else if (value.length > length) this.error('GW_SAP_IDOC_FIELD_TOO_LONG', `${value.length} characters where the layout allows ${length}`, { ...where, segment: name, segnum, field });
      }
    }
    this.attach({ name, segnum, fields, children: [], known: lengths !== undefined }, parent, where);
  }

  /** Adds a segment from its SDATA (flat or RFC records), split by the layout. */
  addSdata(name: string, segnum: number, parent: number, sdata: string, where: Omit<IdocLocation, 'docnum'> = {}): void {
    const layout = this.layout.segment(name);
    if (!layout) {
      this.attach({ name, segnum, fields: {}, children: [], known: false, sdata: sdata.trimEnd() }, parent, where);
      return;
    }
    const fields: Record<string, string> = {};
    for (const f of layout.fields) {
      const value = sdata.slice(f.offset, f.offset + f.length).trimEnd();
      if (value !== '') fields[f.name] = value;
    }
    if (sdata.length > layout.length && sdata.slice(layout.length).trim() !== '') {
      this.warn('GW_SAP_IDOC_SDATA_BEYOND_LAYOUT', `SDATA carries data after column ${layout.length} of ${name}, which the layout does not describe (load the system's own layout)`, { ...where, segment: name, segnum });
    }
    this.attach({ name, segnum, fields, children: [], known: true }, parent, where);
  }

  build(): Idoc {
    const control = this.control;
    return {
      control,
      docnum: this.docnum,
      idocType: control.IDOCTYP ?? '',
      ...(control.CIMTYP ? { extension: control.CIMTYP } : {}),
      messageType: control.MESTYP ?? '',
      segments: this.top as readonly IdocSegment[],
      unknownSegments: [...this.unknown],
      issues: this.issues,
    };
  }

  private attach(segment: MutableSegment, parent: number, where: Omit<IdocLocation, 'docnum'>): void {
    if (!segment.known) this.unknown.add(segment.name);
    if (this.bySegnum.has(segment.segnum)) {
      this.error('GW_SAP_IDOC_SEGNUM_REPEATED', `SEGNUM ${segment.segnum} is used twice`, { ...where, segment: segment.name, segnum: segment.segnum });
    }
    this.bySegnum.set(segment.segnum, segment);
    const parentSegment = parent === 0 ? undefined : this.bySegnum.get(parent);
    if (parent !== 0 && !parentSegment) {
      this.error('GW_SAP_IDOC_PARENT_MISSING', `parent segment ${parent} (PSGNUM) does not precede this segment`, { ...where, segment: segment.name, segnum: segment.segnum });
      this.top.push(segment);
      return;
    }
    const expected = this.layout.segment(segment.name)?.parent;
    if (segment.known && parentSegment?.known !== false && (expected ?? null) !== (parentSegment?.name ?? null)) {
      this.error('GW_SAP_IDOC_SEGMENT_MISPLACED', `${segment.name} belongs ${expected ? `under ${expected}` : 'at the top level'}, found ${parentSegment ? `under ${parentSegment.name}` : 'at the top level'}`, { ...where, segment: segment.name, segnum: segment.segnum });
    }
    (parentSegment ? parentSegment.children : this.top).push(segment);
  }
}
