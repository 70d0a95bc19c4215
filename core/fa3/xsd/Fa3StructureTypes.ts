/** Shapes of the generated FA(3) structure metadata (`fa3Structure.ts`). */

export interface Fa3ElementInfo {
  readonly name: string;
  /** Key of FA3_COMPLEX_TYPES, or of FA3_SIMPLE_TYPES when `leaf`. */
  readonly type: string;
  readonly leaf: boolean;
  /** maxOccurs > 1: always an array in the model. */
  readonly array: boolean;
  /** minOccurs = 0, or inside an optional group or a choice. */
  readonly optional: boolean;
  readonly maxOccurs?: number;
  /** xsd:element fixed="...": written empty, the element still means this value. */
  readonly fixed?: string;
}

export interface Fa3AttributeInfo {
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
  readonly fixed?: string;
}

/** The XSD content model as nested there: what is required together, what excludes what. */
export type Fa3Particle =
  | { readonly kind: 'element'; readonly name: string; readonly min: number; readonly max: number | 'unbounded' }
  | { readonly kind: 'sequence' | 'choice'; readonly min: number; readonly items: readonly Fa3Particle[] };

export interface Fa3ComplexType {
  /** Children in the order the XSD requires (choice branches flattened in XSD order). */
  readonly children: readonly Fa3ElementInfo[];
  readonly attributes: readonly Fa3AttributeInfo[];
  /** Simple type of the text content, for elements with attributes and text (KodFormularza). */
  readonly text?: string;
  /** Each xsd:choice: its branches, each a list of element names. */
  readonly choices: readonly (readonly (readonly string[])[])[];
  /** The nested content model (absent for text-only types such as KodFormularza). */
  readonly content?: Fa3Particle;
}

export interface Fa3SimpleType {
  /** The XSD built-in the restriction chain ends in: decimal, token, string, date, dateTime, byte, ... */
  readonly builtin: string;
  readonly enumeration?: readonly string[];
  readonly fractionDigits?: number;
  readonly totalDigits?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly patterns?: readonly string[];
  readonly minInclusive?: string;
  readonly minExclusive?: string;
  readonly maxInclusive?: string;
}
