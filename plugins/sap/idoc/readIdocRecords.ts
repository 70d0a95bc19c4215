import type { Idoc } from './Idoc.js';
import { IdocBuilder } from './IdocBuilder.js';
import type { IdocLocation } from './IdocIssue.js';
import type { IdocLayout } from './IdocLayout.js';
import { segmentType } from './segmentType.js';

/** One EDI_DD40 data record as RFC tables and flat files carry it (node-rfc returns exactly these names). */
export interface DataRecord {
  readonly SEGNAM: string;
  readonly DOCNUM?: string;
  readonly SEGNUM: string;
  readonly PSGNUM?: string;
  readonly HLEVEL?: string;
  readonly SDATA: string;
  /** Line of the flat file, for error locations. */
  readonly line?: number;
}

const DIGITS = /^\d+$/;

/**
 * Builds one IDoc from its control record and its data records (flat file or RFC table). The parent comes from
 * PSGNUM; where a writer left PSGNUM empty it is found from HLEVEL.
 */
export function readIdocRecords(control: Readonly<Record<string, string>>, records: readonly DataRecord[], layout: IdocLayout): Idoc {
  const builder = new IdocBuilder(control, layout);
  const docnum = builder.docnum;
  if (docnum === '') builder.error('GW_SAP_IDOC_NO_DOCNUM', 'the control record has no DOCNUM');
  const byLevel: number[] = []; // HLEVEL -> SEGNUM of the last segment at that level
  let previous = 0;
  for (const r of records) {
    const where: Omit<IdocLocation, 'docnum'> = r.line === undefined ? {} : { line: r.line };
    const name = segmentType(r.SEGNAM, layout);
    const segnumText = r.SEGNUM.trim();
    if (!DIGITS.test(segnumText)) {
      builder.error('GW_SAP_IDOC_SEGNUM_INVALID', `SEGNUM "${segnumText}" is not a number`, { ...where, segment: name, field: 'SEGNUM' });
      continue;
    }
    const segnum = Number(segnumText);
    const recordDocnum = (r.DOCNUM ?? '').trim();
    if (recordDocnum !== '' && docnum !== '' && recordDocnum !== docnum) {
      builder.error('GW_SAP_IDOC_DOCNUM_MISMATCH', `data record of IDoc ${recordDocnum} inside IDoc ${docnum}`, { ...where, segment: name, segnum, field: 'DOCNUM' });
      continue;
    }
    if (segnum <= previous) builder.warn('GW_SAP_IDOC_SEGNUM_ORDER', `SEGNUM ${segnum} follows ${previous}`, { ...where, segment: name, segnum });
    previous = segnum;
    const psgnum = (r.PSGNUM ?? '').trim();
    const hlevel = Number((r.HLEVEL ?? '').trim() || '0');
    let parent: number;
    if (psgnum !== '' && DIGITS.test(psgnum)) parent = Number(psgnum);
    else if (hlevel === 2) parent = 0;
    else if (hlevel > 2 && byLevel[hlevel - 1] !== undefined) parent = byLevel[hlevel - 1];
    else {
      builder.error('GW_SAP_IDOC_PARENT_UNKNOWN', 'neither PSGNUM nor HLEVEL says where this segment belongs', { ...where, segment: name, segnum, field: 'PSGNUM' });
      continue;
    }
    if (hlevel >= 2) byLevel[hlevel] = segnum;
    builder.addSdata(name, segnum, parent, r.SDATA, where);
  }
  return builder.build();
}
