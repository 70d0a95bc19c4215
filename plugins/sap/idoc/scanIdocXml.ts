/** An element of IDoc-XML: name, attributes, child elements, and its own text (entities decoded). */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

export type ScanResult =
  | { readonly ok: true; readonly root: XmlElement }
  | { readonly ok: false; readonly message: string; readonly line: number; readonly column: number };

const NAME = /[A-Za-z_][\w.:-]*/y;
const SPACE = /\s*/y;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

class ScanError extends Error {
  constructor(message: string, readonly at: number) {
    super(message);
  }
}

/**
 * A strict reader for the XML SAP writes for IDocs: elements, attributes, text, comments, CDATA and the declaration.
 * A DOCTYPE is refused (IDoc-XML has none, and it is how entity bombs arrive), as is every well-formedness fault,
 * with its line and column. Written for this one shape because a general parser spent several times longer on it.
 */
export function scanIdocXml(xml: string): ScanResult {
  try {
    return { ok: true, root: scan(xml) };
  } catch (err) {
    if (!(err instanceof ScanError)) throw err;
    const before = xml.slice(0, err.at);
    const line = before.split('\n').length;
    return { ok: false, message: err.message, line, column: err.at - before.lastIndexOf('\n') };
  }
}

function scan(xml: string): XmlElement {
  let pos = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const end = xml.length;
  while (pos < end) {
    const lt = xml.indexOf('<', pos);
    const textEnd = lt === -1 ? end : lt;
    if (textEnd > pos) {
      const top = stack[stack.length - 1];
      if (top) top.text += decode(xml, pos, textEnd);
      else if (xml.slice(pos, textEnd).trim() !== '') throw new ScanError(root ? 'text after the root element' : 'text before the root element', pos);
    }
    if (lt === -1) break;
    pos = lt;
    if (xml.startsWith('<?', pos)) {
      pos = after(xml, '?>', pos, 'processing instruction not closed');
    } else if (xml.startsWith('<!--', pos)) {
      pos = after(xml, '-->', pos, 'comment not closed');
    } else if (xml.startsWith('<![CDATA[', pos)) {
      const close = xml.indexOf(']]>', pos);
      if (close === -1) throw new ScanError('CDATA section not closed', pos);
      const top = stack[stack.length - 1];
      if (!top) throw new ScanError('CDATA outside the root element', pos);
      top.text += xml.slice(pos + 9, close);
      pos = close + 3;
    } else if (xml.startsWith('<!', pos)) {
      throw new ScanError('a DOCTYPE or declaration is not allowed in IDoc-XML', pos);
    } else if (xml.startsWith('</', pos)) {
      const close = xml.indexOf('>', pos);
      if (close === -1) throw new ScanError('end tag not closed', pos);
      const name = xml.slice(pos + 2, close).trim();
      const top = stack.pop();
      if (!top) throw new ScanError(`end tag </${name}> without a start tag`, pos);
      if (top.name !== name) throw new ScanError(`end tag </${name}> where </${top.name}> was expected`, pos);
      pos = close + 1;
    } else {
      if (root && stack.length === 0) throw new ScanError('a second root element', pos);
      pos = startTag(xml, pos, stack, (el) => { root ??= el; });
    }
  }
  if (stack.length > 0) throw new ScanError(`<${stack[stack.length - 1].name}> is not closed`, end);
  if (!root) throw new ScanError('no root element', 0);
  return root;
}

function startTag(xml: string, at: number, stack: XmlElement[], onRoot: (el: XmlElement) => void): number {
  NAME.lastIndex = at + 1;
  const m = NAME.exec(xml);
  if (!m) throw new ScanError('not a valid element name after <', at);
  const element: XmlElement = { name: m[0], attributes: {}, children: [], text: '' };
  const attributes = element.attributes as Record<string, string>;
  let pos = NAME.lastIndex;
  for (;;) {
    SPACE.lastIndex = pos;
    SPACE.exec(xml);
    const spaced = SPACE.lastIndex > pos;
    pos = SPACE.lastIndex;
    if (xml.startsWith('/>', pos) || xml[pos] === '>') break;
    if (pos >= xml.length) throw new ScanError(`<${element.name}> start tag not closed`, at);
    NAME.lastIndex = pos;
    const a = spaced ? NAME.exec(xml) : null;
    if (!a) throw new ScanError(`unexpected "${xml[pos]}" in <${element.name}>`, pos);
    pos = NAME.lastIndex;
    SPACE.lastIndex = pos;
    SPACE.exec(xml);
    pos = SPACE.lastIndex;
    if (xml[pos] !== '=') throw new ScanError(`attribute ${a[0]} has no value`, pos);
    SPACE.lastIndex = pos + 1;
    SPACE.exec(xml);
    pos = SPACE.lastIndex;
    const quote = xml[pos];
    if (quote !== '"' && quote !== "'") throw new ScanError(`value of attribute ${a[0]} not quoted`, pos);
    const close = xml.indexOf(quote, pos + 1);
    if (close === -1) throw new ScanError(`value of attribute ${a[0]} not closed`, pos);
    if (xml.lastIndexOf('<', close) > pos) throw new ScanError(`"<" in the value of attribute ${a[0]}`, pos);
    if (Object.prototype.hasOwnProperty.call(attributes, a[0])) throw new ScanError(`attribute ${a[0]} given twice`, pos);
    attributes[a[0]] = decode(xml, pos + 1, close);
    pos = close + 1;
  }
  const parent = stack[stack.length - 1];
  if (parent) parent.children.push(element);
  else onRoot(element);
  if (xml[pos] === '>') {
    stack.push(element);
    return pos + 1;
  }
  return pos + 2;
}

function after(xml: string, token: string, at: number, message: string): number {
  const i = xml.indexOf(token, at + 2);
  if (i === -1) throw new ScanError(message, at);
  return i + token.length;
}

function decode(xml: string, from: number, to: number): string {
  const amp = xml.indexOf('&', from);
  if (amp === -1 || amp >= to) return xml.slice(from, to);
  let out = '';
  let pos = from;
  for (let i = amp; i !== -1 && i < to; i = xml.indexOf('&', pos)) {
    out += xml.slice(pos, i);
    const semi = xml.indexOf(';', i);
    if (semi === -1 || semi >= to || semi - i > 10) throw new ScanError('"&" that starts no entity', i);
    const entity = xml.slice(i + 1, semi);
    if (entity.startsWith('#')) {
      const code = entity[1] === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      if (!Number.isInteger(code) || code <= 0 || code > 0x10ffff || !/^#(x[0-9a-fA-F]+|\d+)$/.test(entity)) throw new ScanError(`character reference &${entity}; is not valid`, i);
      out += String.fromCodePoint(code);
    } else {
      const value = ENTITIES[entity];
      if (value === undefined) throw new ScanError(`unknown entity &${entity};`, i);
      out += value;
    }
    pos = semi + 1;
  }
  return out + xml.slice(pos, to);
}
