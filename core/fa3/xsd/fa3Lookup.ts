import { FA3_COMPLEX_TYPES, FA3_SIMPLE_TYPES } from './fa3Structure.js';
import type { Fa3ComplexType, Fa3ElementInfo, Fa3SimpleType } from './Fa3StructureTypes.js';

/** A child element with what the writer and reader need, resolved once. */
export interface Fa3ChildSlot extends Fa3ElementInfo {
  /** Fraction digits allowed, set only for xsd:decimal-based leaves. */
  readonly decimalDigits?: number;
  readonly simple?: Fa3SimpleType;
}

export interface Fa3TypeSlots {
  readonly type: Fa3ComplexType;
  readonly children: readonly Fa3ChildSlot[];
  readonly byName: ReadonlyMap<string, Fa3ChildSlot>;
  readonly attributeNames: ReadonlySet<string>;
}

const DECIMAL_UNBOUNDED = 1000;

function buildSlots(): Map<string, Fa3TypeSlots> {
  const slots = new Map<string, Fa3TypeSlots>();
  for (const [key, type] of Object.entries(FA3_COMPLEX_TYPES)) {
    const children = type.children.map((c): Fa3ChildSlot => {
      if (!c.leaf) return c;
      const simple = FA3_SIMPLE_TYPES[c.type];
      const decimal = simple?.builtin === 'decimal';
      return decimal ? { ...c, simple, decimalDigits: simple.fractionDigits ?? DECIMAL_UNBOUNDED } : { ...c, simple };
    });
    slots.set(key, {
      type,
      children,
      byName: new Map(children.map((c) => [c.name, c])),
      attributeNames: new Set(type.attributes.map((a) => `@${a.name}`)),
    });
  }
  return slots;
}

const SLOTS = buildSlots();

/** Resolved structure of one FA(3) complex type (a key of FA3_COMPLEX_TYPES). */
export function fa3Slots(typeKey: string): Fa3TypeSlots {
  const s = SLOTS.get(typeKey);
  if (!s) throw new Error(`unknown FA(3) complex type ${typeKey}`);
  return s;
}
