import { parseErpDecimal, type DraftSources, type SourceLocation } from '../../../core/plugin-api/index.js';
import type { Idoc, IdocSegment } from '../idoc/Idoc.js';
import { idocError, idocWarning, type IdocIssue } from '../idoc/IdocIssue.js';
import type { SapMapping } from './SapMapping.js';

/** What the mapping steps share: the IDoc, the mapping, the issues found and the sources of every draft value. */
export class MappingContext {
  readonly issues: IdocIssue[] = [];
  readonly sources: Record<string, SourceLocation> = {};

  constructor(readonly idoc: Idoc, readonly mapping: SapMapping) {}

  /** Top-level segments of a type, or those of one qualifier (`qualified('E1EDK03', 'IDDAT', '026')`). */
  top(name: string, qualifierField?: string, qualifier?: string): IdocSegment[] {
    return this.idoc.segments.filter((s) => s.name === name && (qualifierField === undefined || s.fields[qualifierField] === qualifier));
  }

  error(code: string, message: string, segment?: IdocSegment | string, field?: string): void {
    this.issues.push(idocError(code, message, this.where(segment, field)));
  }

  warn(code: string, message: string, segment?: IdocSegment | string, field?: string): void {
    this.issues.push(idocWarning(code, message, this.where(segment, field)));
  }

  /** Records where a draft value (JSON pointer) came from. */
  source(pointer: string, segment: IdocSegment | undefined, field?: string): void {
    if (!segment) return;
    this.sources[pointer] = { kind: 'idoc', idoc: this.idoc.docnum, segment: segment.name, segmentNumber: segment.segnum, ...(field ? { field } : {}) };
  }

  /** A decimal field (SAP's trailing minus accepted); an error naming segment and field when it is not a number. */
  decimal(segment: IdocSegment, field: string, required = true): string | undefined {
    const text = segment.fields[field];
    if (text === undefined) {
      if (required) this.error('GW_SAP_MAP_FIELD_MISSING', `${field} is empty`, segment, field);
      return undefined;
    }
    const value = parseErpDecimal(text);
    if (value === undefined) this.error('GW_SAP_MAP_NOT_A_NUMBER', `"${text}" is not a number`, segment, field);
    return value;
  }

  /** A YYYYMMDD field as YYYY-MM-DD; an error when it is not a real date. */
  date(segment: IdocSegment, field = 'DATUM'): string | undefined {
    const text = segment.fields[field];
    const m = text === undefined ? null : /^(\d{4})(\d{2})(\d{2})$/.exec(text);
    const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
    if (!m || !d || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) {
      this.error('GW_SAP_MAP_NOT_A_DATE', `"${text ?? ''}" is not a date (YYYYMMDD)`, segment, field);
      return undefined;
    }
    return `${m[1]}-${m[2]}-${m[3]}`;
  }

  get draftSources(): DraftSources {
    return this.sources;
  }

  private where(segment: IdocSegment | string | undefined, field: string | undefined): IdocIssue['location'] {
    const seg = typeof segment === 'string' ? { segment } : segment ? { segment: segment.name, segnum: segment.segnum } : {};
    return { docnum: this.idoc.docnum, ...seg, ...(field ? { field } : {}) };
  }
}
