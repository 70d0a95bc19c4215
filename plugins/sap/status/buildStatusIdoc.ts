import type { IdocSegment } from '../idoc/Idoc.js';
import type { IdocContent } from '../idoc/writeIdoc.js';

/** The IDoc status SAP records on its outbound INVOIC: 41 application document (the KSeF invoice) created, 40 not. */
export interface SapStatus {
  /** DOCNUM of SAP's outbound INVOIC02 IDoc. */
  readonly docnum: string;
  readonly status: '41' | '40';
  readonly billingDocument: string;
  readonly ksefNumber?: string;
  readonly acquisitionDate?: string;
  /** Error texts for status 40, each already naming its code and place. */
  readonly messages: readonly string[];
}

/** Control-record values of the status IDoc: who it comes from (the gateway) and goes to (SAP's logical system). */
export interface StatusRouting {
  readonly MANDT?: string;
  readonly SNDPOR: string;
  readonly SNDPRT: string;
  readonly SNDPRN: string;
  readonly RCVPOR: string;
  readonly RCVPRT: string;
  readonly RCVPRN: string;
}

export type StatusFormat = 'SYSTAT01' | 'ALEAUD01';

const MAX_MESSAGES = 20;

/**
 * A STATUS/SYSTAT01 (one E1STATS per message) or ALEAUD/ALEAUD01 (E1ADHDR > E1STATE > E1PRTOB) IDoc for one
 * billing document. Status 41 carries the KSeF number in STAPA1 and in ARCKEY ("document ID in external system")
 * and the acquisition date in STAPA2; status 40 one status record per error, text cut to SAP's 70 characters with
 * the rest in STAPA1..4.
 */
export function buildStatusIdoc(format: StatusFormat, s: SapStatus, routing: StatusRouting, at: Date): IdocContent {
  const logdat = at.toISOString().slice(0, 10).replace(/-/g, '');
  const logtim = at.toISOString().slice(11, 19).replace(/:/g, '');
  const texts = s.status === '41'
    ? [{ STATXT: 'KSeF &1 acquired &2', STAPA1: s.ksefNumber ?? '', STAPA2: s.acquisitionDate ?? '' }]
    : (s.messages.length ? s.messages : ['rejected']).slice(0, MAX_MESSAGES).map(splitText);
  let segnum = 0;
  const seg = (name: string, fields: Record<string, string | undefined>, children: IdocSegment[] = []): IdocSegment => ({
    name, segnum: ++segnum, known: true, children,
    fields: Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '')),
  });
  const control = {
    TABNAM: 'EDI_DC40', MANDT: routing.MANDT, DIRECT: '2', IDOCTYP: format, MESTYP: format === 'SYSTAT01' ? 'STATUS' : 'ALEAUD',
    SNDPOR: routing.SNDPOR, SNDPRT: routing.SNDPRT, SNDPRN: routing.SNDPRN, RCVPOR: routing.RCVPOR, RCVPRT: routing.RCVPRT, RCVPRN: routing.RCVPRN,
    CREDAT: logdat, CRETIM: logtim, ...(s.ksefNumber ? { ARCKEY: s.ksefNumber } : {}),
  };
  const cleanControl = Object.fromEntries(Object.entries(control).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
  if (format === 'SYSTAT01') {
    const segments = texts.map((t) => seg('E1STATS', {
      TABNAM: 'EDI_DS', MANDT: routing.MANDT, DOCNUM: s.docnum, LOGDAT: logdat, LOGTIM: logtim, STATUS: s.status, STATYP: s.status === '41' ? 'S' : 'E',
      ...t, ARCKEY: s.ksefNumber, REFMES: s.billingDocument.slice(0, 14),
    }));
    return { control: cleanControl, segments };
  }
  const header = seg('E1ADHDR', { MESTYP: 'INVOIC', MESTYP_LNG: 'INVOIC' });
  const states = texts.map((t) => {
    const object = s.status === '41' && s.ksefNumber ? [seg('E1PRTOB', { DOCNUM: s.docnum, OBJTYPE: 'KSEF', OBJKEY: s.ksefNumber })] : [];
    return seg('E1STATE', {
      DOCNUM: s.docnum, STATUS: s.status, STATXT: t.STATXT, STATYP: s.status === '41' ? 'S' : 'E',
      STAPA1: t.STAPA1?.slice(0, 20), STAPA2: t.STAPA2?.slice(0, 20), STAPA3: t.STAPA3?.slice(0, 20), STAPA4: t.STAPA4?.slice(0, 20),
      STAPA1_LNG: t.STAPA1, STAPA2_LNG: t.STAPA2, STAPA3_LNG: t.STAPA3, STAPA4_LNG: t.STAPA4,
    }, object);
  });
  return { control: cleanControl, segments: renumber([{ ...header, children: states }]) };
}

/** SEGNUM in document order, parents before children (the RFC route writes PSGNUM from it). */
function renumber(segments: readonly IdocSegment[]): IdocSegment[] {
  let n = 0;
  const go = (list: readonly IdocSegment[]): IdocSegment[] => list.map((x) => {
    const segnum = ++n;
    return { ...x, segnum, children: go(x.children) };
  });
  return go(segments);
}

/** SAP shows STATXT with &1..&4 replaced by STAPA1..4: 70 characters of text, the rest in 4 x 50. */
function splitText(message: string): Record<string, string> {
  if (message.length <= 70) return { STATXT: message };
  const rest = message.slice(62);
  return { STATXT: `${message.slice(0, 62)}&1&2&3&4`, STAPA1: rest.slice(0, 50), STAPA2: rest.slice(50, 100), STAPA3: rest.slice(100, 150), STAPA4: rest.slice(150, 200) };
}
