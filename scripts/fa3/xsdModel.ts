import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';

/** What the generator needs to know about one XSD simple type, with its restriction chain resolved. */
export interface SimpleInfo {
  /** The XSD built-in type the chain ends in, e.g. `decimal`, `token`, `date`. */
  builtin: string;
  enumeration?: string[];
  fractionDigits?: number;
  totalDigits?: number;
  minLength?: number;
  maxLength?: number;
  patterns?: string[];
  minInclusive?: string;
  minExclusive?: string;
  maxInclusive?: string;
}

export interface ChildInfo {
  name: string;
  /** A key of `complexTypes`, or of `simpleTypes` when `leaf`. */
  type: string;
  leaf: boolean;
  optional: boolean;
  array: boolean;
  maxOccurs: number;
  /** Index of the xsd:choice this element belongs to (per complex type), for documentation. */
  choice?: number;
  doc?: string;
  /** xsd:element fixed="...": the element may also be written empty (PrefiksPodatnika). */
  fixed?: string;
}

export interface AttributeInfo {
  name: string;
  type: string;
  required: boolean;
  fixed?: string;
}

/** The content model as the XSD nests it (the flattened `children` lose groups and choices). */
export type Particle =
  | { kind: 'element'; name: string; min: number; max: number | 'unbounded' }
  | { kind: 'sequence' | 'choice'; min: number; items: Particle[] };

export interface ComplexInfo {
  children: ChildInfo[];
  content?: Particle;
  attributes: AttributeInfo[];
  /** Simple type of the text content (xsd:simpleContent). */
  text?: string;
  doc?: string;
  /** Choice groups: the element names of each branch, per choice index. */
  choices: string[][][];
}

export interface XsdModel {
  root: { name: string; type: string };
  namespace: string;
  simpleTypes: Map<string, SimpleInfo>;
  complexTypes: Map<string, ComplexInfo>;
}

type Node = Record<string, unknown>;
const ATTR = ':@';

function tag(n: Node): string {
  return Object.keys(n).find((k) => k !== ATTR) ?? '';
}
function kids(n: Node): Node[] {
  return (n[tag(n)] as Node[]) ?? [];
}
function attr(n: Node, name: string): string | undefined {
  const a = n[ATTR] as Record<string, string> | undefined;
  return a?.[`@_${name}`];
}
/** Type keys: FA(3)'s own types by name, the imported base types as `etd.Name` (both define e.g. TZnakowy). */
function local(qname: string): string {
  if (qname.startsWith('etd:')) return `etd.${qname.slice(4)}`;
  return qname.includes(':') ? qname.slice(qname.indexOf(':') + 1) : qname;
}
function child(n: Node, t: string): Node | undefined {
  return kids(n).find((k) => tag(k) === t);
}
function docOf(n: Node): string | undefined {
  const ann = child(n, 'xsd:annotation');
  const d = ann && child(ann, 'xsd:documentation');
  const text = d && (kids(d).find((k) => tag(k) === '#text')?.['#text'] as string | undefined);
  return text?.replace(/\s+/g, ' ').trim();
}

const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, parseTagValue: false, trimValues: true });

function load(path: string): Node[] {
  const doc = parser.parse(readFileSync(path, 'utf8')) as Node[];
  const schema = doc.find((n) => tag(n) === 'xsd:schema');
  if (!schema) throw new Error(`${path}: no xsd:schema`);
  return kids(schema);
}

/** Reads the FA(3) XSD (and the base types it imports) into the flattened form the generators emit. */
export function readXsdModel(fa3Dir: string): XsdModel {
  const main = load(join(fa3Dir, 'schemat_FA(3)_v1-0E.xsd'));
  const base = ['ElementarneTypyDanych_v10-0E.xsd', 'KodyKrajow_v10-0E.xsd'].flatMap((f) => load(join(fa3Dir, 'bazowe', f)));
  const rawSimple = new Map<string, Node>();
  const rawComplex = new Map<string, Node>();
  for (const n of [...base.map((b) => [b, 'etd.'] as const), ...main.map((m) => [m, ''] as const)].map(([x, p]) => {
    const name = attr(x, 'name');
    return name ? { ...x, [ATTR]: { ...(x[ATTR] as object), '@_name': p + name } } : x;
  })) {
    const name = attr(n, 'name');
    if (tag(n) === 'xsd:simpleType' && name) rawSimple.set(name, n);
    if (tag(n) === 'xsd:complexType' && name) rawComplex.set(name, n);
  }
  const simpleTypes = new Map<string, SimpleInfo>();
  const complexTypes = new Map<string, ComplexInfo>();
  const usedNames = new Set<string>([...rawSimple.keys(), ...rawComplex.keys()]);

  function resolveSimple(n: Node): SimpleInfo {
    const restr = child(n, 'xsd:restriction');
    if (!restr) {
      if (child(n, 'xsd:union')) return { builtin: 'string', patterns: ['\\d{9}', '\\d{14}'] };
      throw new Error(`unsupported simpleType ${attr(n, 'name')}`);
    }
    const baseName = attr(restr, 'base') ?? '';
    const baseInfo: SimpleInfo = baseName.startsWith('xsd:') ? { builtin: local(baseName) } : { ...simpleRef(local(baseName)) };
    const info: SimpleInfo = { ...baseInfo };
    const enums: string[] = [];
    const patterns: string[] = [];
    for (const f of kids(restr)) {
      const v = attr(f, 'value') ?? '';
      switch (tag(f)) {
        case 'xsd:enumeration': enums.push(v); break;
        case 'xsd:pattern': patterns.push(v); break;
        case 'xsd:fractionDigits': info.fractionDigits = Number(v); break;
        case 'xsd:totalDigits': info.totalDigits = Number(v); break;
        case 'xsd:minLength': info.minLength = Number(v); break;
        case 'xsd:maxLength': info.maxLength = Number(v); break;
        case 'xsd:length': info.minLength = Number(v); info.maxLength = Number(v); break;
        case 'xsd:minInclusive': info.minInclusive = v; break;
        case 'xsd:maxInclusive': info.maxInclusive = v; break;
        case 'xsd:minExclusive': info.minExclusive = v; break;
      }
    }
    if (enums.length) info.enumeration = enums;
    // A derived pattern facet narrows the base's; keep the most specific one.
    if (patterns.length) info.patterns = patterns;
    return info;
  }

  function simpleRef(name: string): SimpleInfo {
    const known = simpleTypes.get(name);
    if (known) return known;
    if (!rawSimple.has(name)) {
      const builtin: SimpleInfo = { builtin: name };
      simpleTypes.set(name, builtin);
      return builtin;
    }
    const info = resolveSimple(rawSimple.get(name)!);
    simpleTypes.set(name, info);
    return info;
  }

  function uniqueName(wanted: string, parent: string): string {
    let name = usedNames.has(wanted) ? `${parent}${wanted}` : wanted;
    let i = 2;
    while (usedNames.has(name)) name = `${parent}${wanted}${i++}`;
    usedNames.add(name);
    return name;
  }

  /** Returns the type key of an element: [key, isLeaf]. */
  function elementType(el: Node, parentTypeName: string): [string, boolean] {
    const name = attr(el, 'name')!;
    const typeAttr = attr(el, 'type');
    if (typeAttr) {
      const t = local(typeAttr);
      if (rawComplex.has(t)) return [complexRef(t), false];
      simpleRef(t);
      return [t, true];
    }
    const st = child(el, 'xsd:simpleType');
    if (st) {
      const key = uniqueName(name, parentTypeName);
      simpleTypes.set(key, resolveSimple(st));
      return [key, true];
    }
    const ct = child(el, 'xsd:complexType');
    if (!ct) return ['string', true];
    // An extension that adds nothing is the base type itself.
    const cc = child(ct, 'xsd:complexContent') ?? child(ct, 'xsd:simpleContent');
    const ext = cc && child(cc, 'xsd:extension');
    if (ext && kids(ext).length === 0) {
      const b = local(attr(ext, 'base')!);
      return rawComplex.has(b) ? [complexRef(b), false] : [(simpleRef(b), b), true];
    }
    const key = uniqueName(name, parentTypeName);
    buildComplex(key, ct);
    return [key, false];
  }

  function complexRef(name: string): string {
    if (!complexTypes.has(name)) buildComplex(name, rawComplex.get(name)!);
    return name;
  }

  function buildComplex(key: string, ct: Node): void {
    const info: ComplexInfo = { children: [], attributes: [], choices: [], doc: docOf(ct) };
    complexTypes.set(key, info);
    const addAttrs = (holder: Node) => {
      for (const a of kids(holder).filter((k) => tag(k) === 'xsd:attribute')) {
        const st = child(a, 'xsd:simpleType');
        let type = local(attr(a, 'type') ?? 'string');
        if (st) {
          type = uniqueName(`${key}${attr(a, 'name')}`, '');
          simpleTypes.set(type, resolveSimple(st));
        } else simpleRef(type);
        info.attributes.push({ name: attr(a, 'name')!, type, required: attr(a, 'use') === 'required', fixed: attr(a, 'fixed') });
      }
    };
    const sc = child(ct, 'xsd:simpleContent');
    if (sc) {
      const ext = child(sc, 'xsd:extension')!;
      info.text = local(attr(ext, 'base')!);
      simpleRef(info.text);
      addAttrs(ext);
      return;
    }
    addAttrs(ct);
    const walk = (n: Node, optional: boolean, choice: number | undefined, branch: string[] | undefined): Particle | undefined => {
      const t = tag(n);
      const min = attr(n, 'minOccurs') ?? '1';
      const maxRaw = attr(n, 'maxOccurs') ?? '1';
      const max = maxRaw === 'unbounded' ? Infinity : Number(maxRaw);
      const opt = optional || min === '0';
      if (t === 'xsd:element') {
        const name = attr(n, 'name')!;
        const [type, leaf] = elementType(n, key);
        const dup = info.children.find((c) => c.name === name);
        if (dup) throw new Error(`${key}: element ${name} appears twice; flattening would lose its position`);
        info.children.push({ name, type, leaf, optional: opt, array: max > 1, maxOccurs: max, choice, doc: docOf(n), fixed: attr(n, 'fixed') });
        branch?.push(name);
        return { kind: 'element', name, min: Number(min), max: Number.isFinite(max) ? max : 'unbounded' };
      }
      if (t === 'xsd:sequence' || t === 'xsd:choice') {
        if (max > 1) throw new Error(`${key}: repeating ${t} cannot be flattened`);
        const items: Particle[] = [];
        const group: Particle = { kind: t === 'xsd:choice' ? 'choice' : 'sequence', min: Number(min), items };
        if (t === 'xsd:choice') {
          const index = info.choices.length;
          const branches: string[][] = [];
          info.choices.push(branches);
          for (const k of kids(n)) {
            if (tag(k) === 'xsd:annotation') continue;
            const b: string[] = [];
            branches.push(b);
            const p = walk(k, true, index, b);
            if (p) items.push(p);
            branch?.push(...b);
          }
        } else {
          for (const k of kids(n)) {
            const p = walk(k, opt, choice, branch);
            if (p) items.push(p);
          }
        }
        return group;
      }
      if (t === 'xsd:annotation' || t === 'xsd:attribute') return undefined;
      throw new Error(`${key}: unsupported ${t}`);
    };
    for (const k of kids(ct)) {
      const p = walk(k, false, undefined, undefined);
      if (p) info.content = p;
    }
  }

  const rootEl = main.find((n) => tag(n) === 'xsd:element')!;
  const rootName = attr(rootEl, 'name')!;
  usedNames.add(rootName);
  const ct = child(rootEl, 'xsd:complexType')!;
  buildComplex(rootName, ct);
  complexTypes.get(rootName)!.doc = docOf(rootEl);
  return { root: { name: rootName, type: rootName }, namespace: 'http://crd.gov.pl/wzor/2025/06/25/13775/', simpleTypes, complexTypes };
}
