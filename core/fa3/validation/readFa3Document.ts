import { XmlCData, XmlElement, XmlText, type XmlDocument, type XmlTreeNode } from 'libxml2-wasm';
// libxml2-wasm's own struct readers: walking the tree through them costs a tenth of walking it through its node
// objects (one JS object and one wasm call per node there). Not its documented API: `rawTree` checks that they are
// there and falls back to the node objects, and test/core/fa3/validation/readFa3Document.test.ts pins both to readFa3.
import * as raw from 'libxml2-wasm/lib/libxml2.mjs';
import { checkModelShape } from '../checkModelShape.js';
import type { Faktura } from '../model/Faktura.js';
import { fa3DataError } from '../model/fa3DataError.js';
import { FA3_NAMESPACE, FA3_ROOT } from '../xsd/fa3Structure.js';

/**
 * The canonical model from the tree libxml2 already parsed for the XSD check, so that validating XML parses each
 * document once. Gives exactly what `readFa3` gives for the same bytes (leaves trimmed, repeatable elements as arrays,
 * attributes `@name`, the same GW_FA3_* errors for what is not FA(3)).
 */
export function readFa3Document(doc: XmlDocument, documentName = 'document', opts: { objects?: boolean } = {}): Faktura {
  const root = doc.root;
  if (root.name !== FA3_ROOT.name) throw fa3DataError('GW_FA3_NOT_FA3', documentName, '', `no ${FA3_ROOT.name} root element`);
  if (root.namespaceUri !== FA3_NAMESPACE) {
    throw fa3DataError('GW_FA3_NOT_FA3', documentName, FA3_ROOT.name, `namespace is ${root.namespaceUri || 'none'}, expected ${FA3_NAMESPACE} (FA(3))`);
  }
  // The root carries only namespace declarations and xsi:schemaLocation, neither of which is invoice content.
  const pointer = (root as unknown as { _nodePtr?: unknown })._nodePtr;
  const tree = !opts.objects && RAW && typeof pointer === 'number' ? rawTree(pointer, false) : treeOf(root, false);
  const content = typeof tree === 'string' ? {} : tree;
  checkModelShape(content, documentName);
  return content as unknown as Faktura;
}

type Tree = string | Record<string, unknown>;

const add = (node: Record<string, unknown>, name: string, value: Tree): void => {
  const had = node[name];
  if (had === undefined) node[name] = value;
  else if (Array.isArray(had)) had.push(value);
  else node[name] = [had, value];
};

/** fast-xml-parser's shape (`parseTagValue: false`, `trimValues: true`, `removeNSPrefix: true`): what checkModelShape expects. */
function treeOf(el: XmlElement, withAttributes = true): Tree {
  let node: Record<string, unknown> | undefined;
  let text = '';
  for (let n: XmlTreeNode | null = el.firstChild; n; n = n.next) {
    if (n instanceof XmlElement) add(node ??= {}, n.name, treeOf(n));
    else if (n instanceof XmlText || n instanceof XmlCData) text += n.content.trim();
  }
  const attrs = withAttributes ? el.attrs : [];
  if (node === undefined) {
    text = el.content.trim();
    if (attrs.length === 0) return text;
    node = {};
  }
  for (const a of attrs) node[`@${a.name}`] = a.value;
  // Text between child elements (mixed content) is kept, so the shape check refuses it as it does after fast-xml-parser.
  if (text !== '') node['#text'] = text;
  return node;
}

const ELEMENT = 1;
const TEXT = 3;
const CDATA = 4;
const RAW = typeof raw.XmlTreeCommonStruct?.children === 'function' && typeof raw.XmlTreeCommonStruct.next === 'function'
  && typeof raw.XmlTreeCommonStruct.type === 'function' && typeof raw.XmlTreeCommonStruct.name_ === 'function'
  && typeof raw.XmlNodeStruct?.properties === 'function' && typeof raw.xmlNodeGetContent === 'function';

/** The same as treeOf, on libxml2's node pointers. */
function rawTree(p: number, withAttributes = true): Tree {
  const s = raw.XmlTreeCommonStruct;
  let node: Record<string, unknown> | undefined;
  let text = '';
  for (let c = s.children(p); c; c = s.next(c)) {
    const type = s.type(c);
    if (type === ELEMENT) add(node ??= {}, s.name_(c), rawTree(c));
    else if (type === TEXT || type === CDATA) text += raw.xmlNodeGetContent(c).trim();
  }
  const firstAttr = withAttributes ? raw.XmlNodeStruct.properties(p) : 0;
  if (node === undefined) {
    text = raw.xmlNodeGetContent(p).trim();
    if (!firstAttr) return text;
    node = {};
  }
  for (let a = firstAttr; a; a = s.next(a)) node[`@${s.name_(a)}`] = raw.xmlNodeGetContent(a);
  if (text !== '') node['#text'] = text;
  return node;
}
