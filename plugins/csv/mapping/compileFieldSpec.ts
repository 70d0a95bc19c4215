import type { FieldSpec } from './CsvMapping.js';

/** A value taken from a row, with the column(s) it came from (`Adres1+Adres2` for a concatenation). */
export interface CellValue {
  readonly value: string;
  readonly column: string;
}

/** Why a value could not be taken from a row. */
export class CellError extends Error {
  constructor(readonly code: 'GW_CSV_VALUE_UNMAPPED', message: string, readonly column: string) {
    super(message);
  }
}

export type CellReader = (fields: readonly string[]) => CellValue;

/** The file's header, to resolve column names: name -> 0-based index. */
export interface ColumnIndex {
  indexOf(column: string | number): number | undefined;
  label(index: number): string;
}

export function columnIndex(header: readonly string[] | undefined): ColumnIndex {
  const byName = new Map<string, number>();
  header?.forEach((name, i) => { if (!byName.has(name.trim())) byName.set(name.trim(), i); });
  return {
    indexOf: (c) => (typeof c === 'number' ? c - 1 : byName.get(c.trim())),
    label: (i) => (header?.[i]?.trim() ? header[i].trim() : `#${i + 1}`),
  };
}

/**
 * Turns a field spec into a reader of rows, once per file. Column names the header lacks are collected in
 * `missing` (a fault of the file or the mapping, reported once rather than on every row).
 */
export function compileFieldSpec(spec: FieldSpec, columns: ColumnIndex, valueMaps: Readonly<Record<string, Readonly<Record<string, string>>>>, missing: Set<string>): CellReader {
  const rule = typeof spec === 'object' ? spec : { column: spec };
  let base: CellReader;
  if (rule.const !== undefined) {
    const value = rule.const;
    base = () => ({ value, column: '(constant)' });
  } else if (rule.concat !== undefined) {
    const parts = rule.concat.map((p) => compileFieldSpec(p, columns, valueMaps, missing));
    const separator = rule.separator ?? ' ';
    base = (fields) => {
      const values = parts.map((p) => p(fields));
      return { value: values.map((v) => v.value).filter((v) => v !== '').join(separator), column: values.map((v) => v.column).join('+') };
    };
  } else {
    const index = columns.indexOf(rule.column!);
    if ((index === undefined || index < 0) && rule.optional !== true) missing.add(String(rule.column));
    const i = index ?? -1;
    const column = i >= 0 ? columns.label(i) : String(rule.column);
    base = (fields) => ({ value: (fields[i] ?? '').trim(), column });
  }
  const split = rule.split;
  const map = typeof rule.map === 'string' ? valueMaps[rule.map] : rule.map;
  if (typeof rule.map === 'string' && map === undefined) missing.add(`valueMaps.${rule.map}`);
  const mapName = typeof rule.map === 'string' ? rule.map : 'map';
  const fallback = rule.default === undefined ? undefined : compileFieldSpec(rule.default, columns, valueMaps, missing);
  return (fields) => {
    let cell = base(fields);
    if (split !== undefined && cell.value !== '') cell = { ...cell, value: splitVatId(cell.value, split) };
    if (map !== undefined && cell.value !== '') {
      const mapped = map[cell.value] ?? map['*'];
      if (mapped === undefined) {
        throw new CellError('GW_CSV_VALUE_UNMAPPED', `value "${cell.value}" is not in ${mapName} (known: ${Object.keys(map).join(', ')})`, cell.column);
      }
      cell = { ...cell, value: mapped };
    }
    if (cell.value === '' && fallback !== undefined) return fallback(fields);
    return cell;
  };
}

/** "PL 123-456-78-90" -> country `PL`, number `1234567890`; without a letter prefix the country is empty. */
function splitVatId(value: string, part: 'country' | 'number'): string {
  const compact = value.replace(/[\s-]/g, '');
  const m = /^([A-Za-z]{2})(.*)$/.exec(compact);
  if (part === 'country') return m ? m[1].toUpperCase() : '';
  return m ? m[2] : compact;
}
