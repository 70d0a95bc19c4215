import fc from 'fast-check';
import type { Faktura } from '../../../core/fa3/model/Faktura.js';
import { fa3Slots } from '../../../core/fa3/xsd/fa3Lookup.js';
import { FA3_ROOT, FA3_SIMPLE_TYPES } from '../../../core/fa3/xsd/fa3Structure.js';
import type { Fa3Particle, Fa3SimpleType } from '../../../core/fa3/xsd/Fa3StructureTypes.js';

/**
 * Random instances of the whole FA(3) schema, driven by the generated structure: every element, every choice branch,
 * every optional group, values within each simple type's facets. Values are already in canonical form (trimmed,
 * whitespace collapsed where the XSD collapses it), so a lossless round trip must give them back unchanged.
 */

const MAX_REPEAT = 2;
// eslint-disable-next-line no-control-regex -- the characters XML cannot carry
const ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/;
const CHARS = [...'abcdefghijklmnopqrstuvwxyzABCDEFXYZ0123456789 ąćęłńóśźżĄĆĘŁŃÓŚŹŻ&<>"\'/.,-()€'];
const text = fc.array(fc.constantFrom(...CHARS), { minLength: 0, maxLength: 40 }).map((a) => a.join(''));
const MULTILINE = fc.tuple(text, text).map(([a, b]) => `${a}\n${b}`);

function normalize(value: string, simple: Fa3SimpleType): string {
  return simple.builtin === 'token' ? value.replace(/\s+/g, ' ').trim() : value.trim();
}

function fits(value: string, simple: Fa3SimpleType, pattern?: RegExp): boolean {
  const len = [...value].length;
  return (
    !ILLEGAL.test(value) &&
    len >= (simple.minLength ?? 1) &&
    len <= (simple.maxLength ?? 512) &&
    (pattern === undefined || pattern.test(value))
  );
}

function dateArb(min = '2006-01-01', max = '2050-01-01'): fc.Arbitrary<Date> {
  return fc.date({ min: new Date(min.length === 10 ? `${min}T00:00:00Z` : min), max: new Date(max.length === 10 ? `${max}T00:00:00Z` : max), noInvalidDate: true });
}

function decimalArb(simple: Fa3SimpleType): fc.Arbitrary<string> {
  const f = simple.fractionDigits ?? 4;
  const total = Math.min(simple.totalDigits ?? 15, 15);
  return fc.integer({ min: 0, max: f }).chain((places) => {
    const scale = 10n ** BigInt(places);
    const span = 10n ** BigInt(total - (f - places)) - 1n;
    const lo = simple.minInclusive !== undefined ? BigInt(simple.minInclusive) * scale : -span;
    const hi = simple.maxInclusive !== undefined ? BigInt(simple.maxInclusive) * scale : span;
    return fc.bigInt({ min: lo, max: hi }).map((units) => {
      const neg = units < 0n;
      const abs = neg ? -units : units;
      const int = (abs / scale).toString();
      const frac = places ? `.${(abs % scale).toString().padStart(places, '0')}` : '';
      return `${neg ? '-' : ''}${int}${frac}`;
    });
  });
}

const leafCache = new Map<string, fc.Arbitrary<string>>();

function leafArb(typeKey: string): fc.Arbitrary<string> {
  const cached = leafCache.get(typeKey);
  if (cached) return cached;
  const simple = FA3_SIMPLE_TYPES[typeKey] ?? { builtin: 'string' };
  let arb: fc.Arbitrary<string>;
  if (simple.enumeration) arb = fc.constantFrom(...simple.enumeration);
  else if (simple.builtin === 'date') arb = dateArb(simple.minInclusive, simple.maxInclusive).map((d) => d.toISOString().slice(0, 10));
  else if (simple.builtin === 'dateTime') arb = dateArb(simple.minInclusive, simple.maxInclusive).map((d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z'));
  else if (simple.builtin === 'decimal') arb = decimalArb(simple);
  else if (['integer', 'nonNegativeInteger', 'int', 'byte'].includes(simple.builtin)) arb = fc.integer({ min: 1, max: 99999 }).map(String);
  else if (simple.patterns) {
    const re = new RegExp(`^(?:${simple.patterns.join('|')})$`);
    arb = fc.stringMatching(re).map((v) => normalize(v, simple)).filter((v) => fits(v, simple, re));
  } else {
    const source = simple.builtin === 'token' ? text : fc.oneof(text, MULTILINE);
    arb = source.map((v) => normalize(v, simple)).filter((v) => fits(v, simple));
  }
  leafCache.set(typeKey, arb);
  return arb;
}

type Entries = [string, unknown][];

function particleArb(p: Fa3Particle, typeKey: string): fc.Arbitrary<Entries> {
  let arb: fc.Arbitrary<Entries>;
  if (p.kind === 'element') {
    const slot = fa3Slots(typeKey).byName.get(p.name)!;
    const item: fc.Arbitrary<unknown> = slot.leaf
      ? slot.fixed !== undefined
        ? fc.constantFrom(slot.fixed, '')
        : leafArb(slot.type)
      : complexArb(slot.type);
    if (slot.array) {
      const max = p.max === 'unbounded' ? MAX_REPEAT : Math.min(p.max, MAX_REPEAT);
      arb = fc.array(item, { minLength: Math.max(p.min, 1), maxLength: Math.max(max, 1) }).map((items): Entries => [[p.name, items]]);
    } else {
      arb = item.map((v): Entries => [[p.name, v]]);
    }
  } else if (p.kind === 'sequence') {
    arb = fc.tuple(...p.items.map((i) => particleArb(i, typeKey))).map((parts) => parts.flat());
  } else {
    arb = fc.oneof(...p.items.map((i) => particleArb(i, typeKey)));
  }
  return p.min === 0 ? fc.oneof(fc.constant<Entries>([]), arb) : arb;
}

const complexCache = new Map<string, fc.Arbitrary<Record<string, unknown>>>();

function complexArb(typeKey: string): fc.Arbitrary<Record<string, unknown>> {
  const cached = complexCache.get(typeKey);
  if (cached) return cached;
  const { type } = fa3Slots(typeKey);
  const attrs: fc.Arbitrary<Entries> = fc.tuple(
    ...type.attributes.map((a) => (a.fixed !== undefined ? fc.constant<[string, unknown]>([`@${a.name}`, a.fixed]) : leafArb(a.type).map((v): [string, unknown] => [`@${a.name}`, v]))),
  );
  const body: fc.Arbitrary<Entries> = type.text !== undefined
    ? leafArb(type.text).map((v): Entries => [['#text', v]])
    : type.content
      ? particleArb(type.content, typeKey)
      : fc.constant([]);
  const arb = fc.tuple(attrs, body).map(([a, b]) => Object.fromEntries([...a, ...b]));
  complexCache.set(typeKey, arb);
  return arb;
}

/** Any FA(3) invoice the XSD accepts (within small repetition counts). */
export const anyFa3Invoice: fc.Arbitrary<Faktura> = complexArb(FA3_ROOT.type) as unknown as fc.Arbitrary<Faktura>;
