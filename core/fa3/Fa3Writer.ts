import { GatewayError } from '../errors/GatewayError.js';
import type { Faktura } from './model/Faktura.js';
import { fa3DataError } from './model/fa3DataError.js';
import { normalizeDecimal } from './model/normalizeDecimal.js';
import { fa3Slots, type Fa3ChildSlot } from './xsd/fa3Lookup.js';
import { FA3_NAMESPACE, FA3_ROOT } from './xsd/fa3Structure.js';

export interface WriteFa3Options {
  /** Names the document in error messages; defaults to `Fa.P_2`. */
  documentName?: string;
}

// Characters XML 1.0 cannot carry at all; a value holding one is a data error, not something to drop silently.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const TEXT_SPECIAL = /[&<>\r]/;
const ATTR_SPECIAL = /[&<>"\r\n\t]/;
const INDENT = Array.from({ length: 16 }, (_, i) => `\n${'  '.repeat(i)}`);

function escapeText(s: string): string {
  return TEXT_SPECIAL.test(s) ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;') : s;
}

function escapeAttr(s: string): string {
  return ATTR_SPECIAL.test(s)
    ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
        .replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;')
    : s;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Serialises the canonical model into FA(3) XML: UTF-8 (no BOM), the XML declaration and no other processing
 * instruction, the FA(3) namespace as default namespace, elements in XSD order whatever the key order of the input,
 * two-space indentation (one element per line, which also lets XSD errors be mapped back to elements by line).
 * Leaves are trimmed; decimals are normalised per their XSD type (see normalizeDecimal). The output for a given
 * model is always the same bytes. Throws a `data` GatewayError (GW_FA3_*) naming the field for values that cannot be
 * written; everything else the XSD decides (Fa3XsdValidator).
 */
export function writeFa3(invoice: Faktura, options: WriteFa3Options = {}): string {
  const result = tryWriteFa3(invoice, options);
  if ('errors' in result) throw result.errors[0];
  return result.xml;
}

/**
 * writeFa3 that reports every value it cannot write (each a `data` GatewayError with its code and location)
 * instead of stopping at the first: an element with a bad value is skipped and writing goes on.
 */
export function tryWriteFa3(invoice: Faktura, options: WriteFa3Options = {}): { xml: string } | { errors: GatewayError[] } {
  const p2 = isRecord(invoice) && isRecord(invoice.Fa) && typeof invoice.Fa.P_2 === 'string' ? invoice.Fa.P_2 : undefined;
  const w = new Fa3Serializer(options.documentName ?? p2 ?? 'invoice');
  if (!isRecord(invoice)) return { errors: [fa3DataError('GW_FA3_INVALID_VALUE', w.documentName, '', 'the invoice is not an object')] };
  w.out.push(`<?xml version="1.0" encoding="UTF-8"?>\n<${FA3_ROOT.name} xmlns="${FA3_NAMESPACE}"`);
  try {
    w.complex(FA3_ROOT.type, invoice as unknown as Record<string, unknown>, 1);
  } catch (err) {
    if (!GatewayError.is(err)) throw err;
    w.errors.push(err);
  }
  w.out.push(`</${FA3_ROOT.name}>\n`);
  return w.errors.length > 0 ? { errors: w.errors } : { xml: w.out.join('') };
}

/** writeFa3 as the exact bytes to store and send (DECISIONS.md 14). */
export function writeFa3Bytes(invoice: Faktura, options: WriteFa3Options = {}): Buffer {
  return Buffer.from(writeFa3(invoice, options), 'utf8');
}

class Fa3Serializer {
  readonly out: string[] = [];
  readonly errors: GatewayError[] = [];
  private readonly path: string[] = [];

  constructor(readonly documentName: string) {}

  private fail(code: string, reason: string): never {
    throw fa3DataError(code, this.documentName, this.path.join('/'), reason);
  }

  /** Writes the attributes and content of an element whose start tag is open (`<Name` already written). */
  complex(typeKey: string, value: Record<string, unknown>, depth: number): void {
    const slots = fa3Slots(typeKey);
    let known = 0;
    for (const a of slots.type.attributes) {
      const v = value[`@${a.name}`];
      if (v !== undefined) known++;
      const text = v === undefined ? a.fixed : this.leafString(v, `@${a.name}`);
      if (text === undefined) {
        if (a.required) this.fail('GW_FA3_MISSING_ATTRIBUTE', `attribute ${a.name} is required`);
        continue;
      }
      this.checkChars(text);
      this.out.push(` ${a.name}="${escapeAttr(text)}"`);
    }
    if (slots.type.text !== undefined) {
      const t = value['#text'];
      if (t !== undefined) known++;
      const text = t === undefined ? '' : this.leafString(t, '#text').trim();
      this.checkChars(text);
      this.out.push(`>${escapeText(text)}`);
    } else {
      this.out.push('>');
      for (const c of slots.children) {
        const v = value[c.name];
        if (v === undefined || v === null) continue;
        known++;
        if (c.array) {
          if (!Array.isArray(v)) {
            this.path.push(c.name);
            this.fail('GW_FA3_INVALID_VALUE', `${c.name} must be an array (it may repeat)`);
          }
          for (let i = 0; i < v.length; i++) this.element(c, v[i], depth, `${c.name}[${i + 1}]`);
        } else this.element(c, v, depth, c.name);
      }
      this.out.push(INDENT[depth - 1] ?? `\n${'  '.repeat(depth - 1)}`);
    }
    if (Object.keys(value).length !== known) this.checkUnknown(slots.byName, slots.attributeNames, value, slots.type.text !== undefined);
  }

  private element(c: Fa3ChildSlot, v: unknown, depth: number, segment: string): void {
    const level = this.path.length;
    try {
      this.writeElement(c, v, depth, segment);
    } catch (err) {
      if (!GatewayError.is(err)) throw err;
      this.errors.push(err);
      this.path.length = level;
    }
  }

  private writeElement(c: Fa3ChildSlot, v: unknown, depth: number, segment: string): void {
    this.path.push(segment);
    const indent = INDENT[depth] ?? `\n${'  '.repeat(depth)}`;
    if (c.leaf) {
      let text = this.leafString(v, c.name).trim();
      if (c.decimalDigits !== undefined) {
        const d = normalizeDecimal(text, c.decimalDigits);
        if (d === undefined) this.fail('GW_FA3_INVALID_DECIMAL', `${JSON.stringify(text)} is not a decimal number (digits, optional "-", "." as separator)`);
        text = d;
      }
      this.checkChars(text);
      this.out.push(text === '' ? `${indent}<${c.name}/>` : `${indent}<${c.name}>${escapeText(text)}</${c.name}>`);
    } else {
      if (!isRecord(v)) this.fail('GW_FA3_INVALID_VALUE', `${c.name} must be an object with its child elements`);
      this.out.push(`${indent}<${c.name}`);
      this.complex(c.type, v, depth + 1);
      this.out.push(`</${c.name}>`);
    }
    this.path.pop();
  }

  private leafString(v: unknown, name: string): string {
    if (typeof v === 'string') return v;
    const hint = typeof v === 'number' ? ' (amounts and quantities are decimal strings, never numbers)' : '';
    const got = v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
    return this.fail('GW_FA3_INVALID_VALUE', `${name} must be a string, got ${got}${hint}`);
  }

  private checkChars(text: string): void {
    if (ILLEGAL.test(text)) this.fail('GW_FA3_INVALID_CHARACTER', 'contains a character XML cannot carry (control character or broken surrogate)');
  }

  private checkUnknown(byName: ReadonlyMap<string, unknown>, attrs: ReadonlySet<string>, value: Record<string, unknown>, hasText: boolean): void {
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined || byName.has(k) || attrs.has(k) || (hasText && k === '#text')) continue;
      this.path.push(k);
      this.errors.push(fa3DataError('GW_FA3_UNKNOWN_ELEMENT', this.documentName, this.path.join('/'), `${k} is not an element of this part of FA(3)`));
      this.path.pop();
    }
  }
}
