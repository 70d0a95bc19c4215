import { XmlElement, type ErrorDetail, type XmlDocument, type XmlNode, type XmlTreeNode } from 'libxml2-wasm';
import type { Fa3ChildSlot } from '../xsd/fa3Lookup.js';
import { fa3Slots } from '../xsd/fa3Lookup.js';
import { FA3_ROOT } from '../xsd/fa3Structure.js';

function sameNameIndex(el: XmlElement): number {
  let i = 1;
  for (let n: XmlTreeNode | null = el.prev; n; n = n.prev) if (n instanceof XmlElement && n.name === el.name) i++;
  return i;
}

/**
 * The element path of a libxml2 diagnostic, like `Fa/FaWiersz[3]/P_12` (root omitted, 1-based index on repeatable
 * elements, as the reader and the rules write it). Falls back to the line when libxml2 names no node.
 */
export function elementPathAt(doc: XmlDocument, detail: ErrorDetail): string {
  const node = detail.xpath ? followPath(doc, detail.xpath) : null;
  if (!(node instanceof XmlElement)) return detail.line > 0 ? `line ${detail.line}` : '';
  const chain: { name: string; index: number }[] = [];
  for (let el: XmlNode | null = node; el instanceof XmlElement; el = el.parent) chain.unshift({ name: el.name, index: sameNameIndex(el) });
  chain.shift();
  let typeKey: string | undefined = FA3_ROOT.type;
  const segs: string[] = [];
  for (const { name, index } of chain) {
    const slot: Fa3ChildSlot | undefined = typeKey ? fa3Slots(typeKey).byName.get(name) : undefined;
    segs.push(slot?.array || (!slot && index > 1) ? `${name}[${index}]` : name);
    typeKey = slot && !slot.leaf ? slot.type : undefined;
  }
  return segs.join('/');
}

const STEP = /^(?:[^:[\]]+:)?([^:[\]]+)(?:\[(\d+)\])?$/;

/**
 * Follows the element steps of libxml2's node path (`/*\/*[4]/ns:P_12[2]`) by hand. Its XPath engine would print
 * `Undefined namespace prefix` to stderr for prefixed steps; stopping at the last element reached is as precise
 * as the location needs (attribute and text steps point into that element).
 */
function followPath(doc: XmlDocument, xpath: string): XmlElement | null {
  let here: XmlElement | null = null;
  for (const step of xpath.split('/').slice(1)) {
    const m = STEP.exec(step);
    if (!m || m[1].endsWith(')') || m[1].startsWith('@')) break;
    const [, name, nth] = m;
    let seen = 0;
    let next: XmlElement | null = null;
    const first: XmlTreeNode | null = here ? here.firstChild : doc.root;
    for (let n: XmlTreeNode | null = first; n; n = n.next) {
      if (n instanceof XmlElement && (name === '*' || n.name === name) && ++seen === Number(nth ?? 1)) {
        next = n;
        break;
      }
    }
    if (!next) break;
    here = next;
  }
  return here;
}
