/** Layout data as kept in the project: one `NAME:LENGTH` list per segment, in SDATA order. */
export interface LayoutTable {
  readonly idocType: string;
  readonly segments: Readonly<Record<string, {
    readonly parent: string | null;
    readonly confidence?: 'confirmed' | 'partial' | 'memory' | 'customer';
    readonly fields: string;
  }>>;
}

export interface FieldLayout {
  readonly name: string;
  /** 0-based offset inside SDATA (add 63 for the offset in the EDI_DD40 record). */
  readonly offset: number;
  readonly length: number;
}

export interface SegmentLayout {
  readonly name: string;
  readonly parent: string | null;
  readonly fields: readonly FieldLayout[];
  /** Characters of SDATA the fields use. */
  readonly length: number;
  readonly confidence: 'confirmed' | 'partial' | 'memory' | 'customer';
}

/** One row of IDOCTYPE_READ_COMPLETE's PT_FIELDS (EDI_IAPI12), as node-rfc returns it. */
export interface ReadCompleteField {
  readonly SEGMENTTYP: string;
  readonly FIELDNAME: string;
  readonly BYTE_FIRST: string | number;
  readonly EXTLEN: string | number;
  readonly FIELD_POS?: string | number;
}

/** One row of IDOCTYPE_READ_COMPLETE's PT_SEGMENTS (EDI_IAPI11). */
export interface ReadCompleteSegment {
  readonly SEGMENTTYP: string;
  readonly PARSEG?: string;
}

/** IDOCTYPE_READ_COMPLETE's output (the part a parser needs), e.g. recorded once as JSON from a customer system. */
export interface ReadCompleteOutput {
  readonly PT_SEGMENTS?: readonly ReadCompleteSegment[];
  readonly PT_FIELDS: readonly ReadCompleteField[];
}

/**
 * The segment layouts of one IDoc type: which fields sit where in SDATA, and each segment's parent. Built from the
 * project's table and overridden, segment by segment, by the customer's own layout (extensions, release changes).
 */
export class IdocLayout {
  private readonly lengths = new Map<string, ReadonlyMap<string, number>>();

  private constructor(private readonly segments: ReadonlyMap<string, SegmentLayout>) {}

  static fromTable(table: LayoutTable): IdocLayout {
    const map = new Map<string, SegmentLayout>();
    for (const [name, entry] of Object.entries(table.segments)) {
      let offset = 0;
      const fields = entry.fields.split(/\s+/).filter(Boolean).map((spec) => {
        const [fieldName, len] = spec.split(':');
        const field = { name: fieldName, offset, length: Number(len) };
        offset += field.length;
        return field;
      });
      map.set(name, { name, parent: entry.parent, fields, length: offset, confidence: entry.confidence ?? 'customer' });
    }
    return new IdocLayout(map);
  }

  /**
   * Reads a customer's IDOCTYPE_READ_COMPLETE output. BYTE_FIRST counts either inside the record (first SDATA field
   * at 64) or inside SDATA depending on how it was exported; a segment's first field always starts SDATA, so offsets
   * are taken relative to the segment's smallest BYTE_FIRST.
   */
  static fromReadComplete(output: ReadCompleteOutput): IdocLayout {
    const parents = new Map((output.PT_SEGMENTS ?? []).map((s) => [s.SEGMENTTYP.trim(), (s.PARSEG ?? '').trim() || null]));
    const bySegment = new Map<string, ReadCompleteField[]>();
    for (const f of output.PT_FIELDS) {
      const name = f.SEGMENTTYP.trim();
      bySegment.set(name, [...(bySegment.get(name) ?? []), f]);
    }
    const map = new Map<string, SegmentLayout>();
    for (const [name, rows] of bySegment) {
      const base = Math.min(...rows.map((r) => Number(r.BYTE_FIRST)));
      const fields = rows
        .map((r) => ({ name: r.FIELDNAME.trim(), offset: Number(r.BYTE_FIRST) - base, length: Number(r.EXTLEN) }))
        .sort((a, b) => a.offset - b.offset);
      const length = Math.max(...fields.map((f) => f.offset + f.length));
      map.set(name, { name, parent: parents.get(name) ?? null, fields, length, confidence: 'customer' });
    }
    return new IdocLayout(map);
  }

  /** This layout with `other`'s segments replacing or adding to its own. */
  overriddenBy(other: IdocLayout): IdocLayout {
    return new IdocLayout(new Map([...this.segments, ...other.segments]));
  }

  segment(name: string): SegmentLayout | undefined {
    return this.segments.get(name);
  }

  /** Each field's length by name, built once per segment: IDoc-XML checks every field of every segment against it. */
  fieldLengths(name: string): ReadonlyMap<string, number> | undefined {
    let lengths = this.lengths.get(name);
    if (lengths === undefined) {
      const layout = this.segments.get(name);
      if (layout === undefined) return undefined;
      lengths = new Map(layout.fields.map((f) => [f.name, f.length]));
      this.lengths.set(name, lengths);
    }
    return lengths;
  }

  has(name: string): boolean {
    return this.segments.has(name);
  }

  names(): readonly string[] {
    return [...this.segments.keys()];
  }
}
