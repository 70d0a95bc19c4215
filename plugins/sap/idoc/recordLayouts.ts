/** The control record EDI_DC40 (524 characters) and the data record header EDI_DD40 (63 + 1000 SDATA) of release 4.x. */
const DC40_SPEC = 'TABNAM:10 MANDT:3 DOCNUM:16 DOCREL:4 STATUS:2 DIRECT:1 OUTMOD:1 EXPRSS:1 TEST:1 IDOCTYP:30 CIMTYP:30 MESTYP:30 '
  + 'MESCOD:3 MESFCT:3 STD:1 STDVRS:6 STDMES:6 SNDPOR:10 SNDPRT:2 SNDPFC:2 SNDPRN:10 SNDSAD:21 SNDLAD:70 RCVPOR:10 RCVPRT:2 '
  + 'RCVPFC:2 RCVPRN:10 RCVSAD:21 RCVLAD:70 CREDAT:8 CRETIM:6 REFINT:14 REFGRP:14 REFMES:14 ARCKEY:70 SERIAL:20';
const DD40_SPEC = 'SEGNAM:30 MANDT:3 DOCNUM:16 SEGNUM:6 PSGNUM:6 HLEVEL:2';

export interface RecordField {
  readonly name: string;
  readonly offset: number;
  readonly length: number;
}

function fieldsOf(spec: string): readonly RecordField[] {
  let offset = 0;
  return spec.split(' ').map((s) => {
    const [name, len] = s.split(':');
    const field = { name, offset, length: Number(len) };
    offset += field.length;
    return field;
  });
}

export const EDI_DC40 = fieldsOf(DC40_SPEC);
export const DD40_HEADER = fieldsOf(DD40_SPEC);
export const DC40_LENGTH = 524;
export const DD40_HEADER_LENGTH = 63;
export const SDATA_LENGTH = 1000;
export const DD40_LENGTH = DD40_HEADER_LENGTH + SDATA_LENGTH;

/** Reads fixed-width fields, trailing blanks removed and empty fields left out. */
export function readFixed(record: string, fields: readonly RecordField[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const value = record.slice(f.offset, f.offset + f.length).trimEnd();
    if (value !== '') out[f.name] = value;
  }
  return out;
}

/** Writes fixed-width fields, each padded with blanks (values longer than their field are an error of the caller). */
export function writeFixed(values: Readonly<Record<string, string | undefined>>, fields: readonly RecordField[]): string {
  return fields.map((f) => (values[f.name] ?? '').padEnd(f.length).slice(0, f.length)).join('');
}
