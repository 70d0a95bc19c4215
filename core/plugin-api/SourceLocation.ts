/**
 * Where a value came from in the ERP's own data, so that an error about it points where the ERP user can fix it:
 * a file with row and column (CSV, spreadsheet), an IDoc with segment and field (SAP), or a JSON pointer into a
 * request body (REST).
 *
 * @example
 * ```ts
 * const csv: SourceLocation = { kind: 'file', file: 'invoices-2026-02.csv', row: 12, column: 'unit_price' };
 * const idoc: SourceLocation = { kind: 'idoc', idoc: '0000000004711', segment: 'E1EDP01', segmentNumber: 3, field: 'MENGE' };
 * const rest: SourceLocation = { kind: 'json', pointer: '/items/2/price', document: 'POST /invoices' };
 * ```
 */
export type SourceLocation =
  | {
      readonly kind: 'file';
      readonly file: string;
      /** 1-based row (line) number, as the user's editor shows it. */
      readonly row?: number;
      /** Column name (header) or 1-based column number. */
      readonly column?: string | number;
    }
  | {
      readonly kind: 'idoc';
      /** The IDoc number (DOCNUM). */
      readonly idoc: string;
      /** Segment type, e.g. `E1EDP01`. */
      readonly segment: string;
      /** Segment number within the IDoc (SEGNUM), when known. */
      readonly segmentNumber?: number;
      readonly field?: string;
    }
  | {
      readonly kind: 'json';
      /** RFC 6901 JSON pointer into the ERP's document, e.g. `/items/2/price`. */
      readonly pointer: string;
      /** Names the JSON document (file name, request), when there is more than one. */
      readonly document?: string;
    };

/**
 * Sources of a draft's values: keys are JSON pointers into the draft (`/lines/2/unitPrice`, `/buyer/id`, `/number`);
 * a key covers everything below it, so one entry per CSV row (`/lines/2`) locates every field of that line, and a
 * more precise key (`/lines/2/quantity`) wins over it. `''` covers the whole draft.
 *
 * @example
 * ```ts
 * const sources: DraftSources = {
 *   '': { kind: 'file', file: 'feb.csv', row: 2 },
 *   '/lines/0': { kind: 'file', file: 'feb.csv', row: 3 },
 *   '/lines/0/unitPrice': { kind: 'file', file: 'feb.csv', row: 3, column: 'price' },
 * };
 * ```
 */
export type DraftSources = Readonly<Record<string, SourceLocation>>;

/**
 * The source recorded for a draft field: the entry of the longest key that is `pointer` itself or one of its
 * ancestors; undefined when none is.
 *
 * @example
 * ```ts
 * sourceFor(sources, '/lines/0/vatRate'); // { kind: 'file', file: 'feb.csv', row: 3 }
 * ```
 */
export function sourceFor(sources: DraftSources | undefined, pointer: string): SourceLocation | undefined {
  if (!sources) return undefined;
  for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
    const hit = Object.prototype.hasOwnProperty.call(sources, p) ? sources[p] : undefined;
    if (hit) return hit;
    if (p === '') return undefined;
  }
}

/**
 * A short human text for a source location, for messages shown to ERP users.
 *
 * @example
 * ```ts
 * describeSource({ kind: 'file', file: 'feb.csv', row: 3, column: 'price' }); // 'feb.csv row 3 column price'
 * describeSource({ kind: 'idoc', idoc: '4711', segment: 'E1EDP01', segmentNumber: 3, field: 'MENGE' });
 * // 'IDoc 4711 segment E1EDP01 #3 field MENGE'
 * ```
 */
export function describeSource(source: SourceLocation): string {
  switch (source.kind) {
    case 'file':
      return [source.file, source.row !== undefined ? `row ${source.row}` : '', source.column !== undefined ? `column ${source.column}` : '']
        .filter(Boolean).join(' ');
    case 'idoc':
      return [`IDoc ${source.idoc} segment ${source.segment}`, source.segmentNumber !== undefined ? `#${source.segmentNumber}` : '',
        source.field ? `field ${source.field}` : ''].filter(Boolean).join(' ');
    case 'json':
      return `${source.document ? `${source.document} ` : ''}${source.pointer || '/'}`;
  }
}
