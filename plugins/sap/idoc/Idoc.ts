import type { IdocIssue } from './IdocIssue.js';

/** One data segment: its fields by name (trailing blanks removed, empty fields left out) and its child segments. */
export interface IdocSegment {
  /** Segment type, e.g. `E1EDK01` (a flat file's definition name `E2EDK01005` is normalised to it). */
  readonly name: string;
  /** SEGNUM: position in the IDoc, 1-based in document order. */
  readonly segnum: number;
  readonly fields: Readonly<Record<string, string>>;
  readonly children: readonly IdocSegment[];
  /** False for segments the layout does not know (customer extensions): kept, fields only as far as readable. */
  readonly known: boolean;
  /** SDATA of an unknown segment read from flat records, which has no field names to split it by. */
  readonly sdata?: string;
}

/**
 * One IDoc: its control record and its data segments as a tree. The XML and the flat form of one IDoc give equal
 * values (apart from `issues`, whose locations name lines of their own input).
 */
export interface Idoc {
  readonly control: Readonly<Record<string, string>>;
  readonly docnum: string;
  readonly idocType: string;
  /** CIMTYP, the customer extension, when there is one. */
  readonly extension?: string;
  readonly messageType: string;
  readonly segments: readonly IdocSegment[];
  /** Names of the segments the layout did not know, each once. */
  readonly unknownSegments: readonly string[];
  /** This IDoc's own problems; an IDoc with an error is not mapped. */
  readonly issues: readonly IdocIssue[];
}

/** Every IDoc found in one input; `issues` holds what belongs to no single IDoc (a file that is not XML at all). */
export interface IdocParseResult {
  readonly idocs: readonly Idoc[];
  readonly issues: readonly IdocIssue[];
}

/** Depth-first walk over every segment, parents before children. */
export function* walkSegments(segments: readonly IdocSegment[]): Generator<IdocSegment> {
  for (const s of segments) {
    yield s;
    yield* walkSegments(s.children);
  }
}

export function hasErrors(idoc: Idoc): boolean {
  return idoc.issues.some((i) => i.severity === 'error');
}
