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
  let node: XmlNode | null = null;
  if (detail.xpath) {
    try {
      node = doc.get(detail.xpath);
    } catch {
      node = null;
    }
  }
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
