/** Where in an IDoc a problem is: the IDoc number, the segment (type and SEGNUM position), the field; for files also the line. */
export interface IdocLocation {
  readonly docnum?: string;
  readonly segment?: string;
  /** SEGNUM: the segment's position in the IDoc, 1-based in document order. */
  readonly segnum?: number;
  readonly field?: string;
  /** Line of a flat file, or line of the XML document. */
  readonly line?: number;
  readonly column?: number;
}

/** A problem found while reading or mapping an IDoc; errors stop that IDoc, warnings travel with it. */
export interface IdocIssue {
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly location: IdocLocation;
}

/** `IDoc 0000000000182520, segment E1EDP01 (SEGNUM 000012), field MENGE, line 14` */
export function formatIdocLocation(location: IdocLocation): string {
  const parts: string[] = [];
  if (location.docnum) parts.push(`IDoc ${location.docnum}`);
  if (location.segment) {
    parts.push(location.segnum === undefined ? `segment ${location.segment}` : `segment ${location.segment} (SEGNUM ${String(location.segnum).padStart(6, '0')})`);
  }
  if (location.field) parts.push(`field ${location.field}`);
  if (location.line !== undefined) parts.push(location.column === undefined ? `line ${location.line}` : `line ${location.line}:${location.column}`);
  return parts.join(', ');
}

export function idocError(code: string, message: string, location: IdocLocation): IdocIssue {
  return { code, severity: 'error', message, location };
}

export function idocWarning(code: string, message: string, location: IdocLocation): IdocIssue {
  return { code, severity: 'warning', message, location };
}
