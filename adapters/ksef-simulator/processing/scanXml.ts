/**
 * One pass over an XML document that checks it is well-formed (XML 1.0, names with at most one colon) and keeps the
 * text of the leaf children of a few chosen elements. The simulator needs a dozen FA(3) fields per invoice: building
 * the whole tree with a general parser cost it more than everything else it does per invoice together.
 */
export interface XmlScan {
  /** Set when the document is not well-formed; `line` is 1-based. */
  error?: { message: string; line: number };
  /** Local name of the root element. */
  root?: string;
  /** The document has a DOCTYPE (which KSeF refuses). */
  doctype?: boolean;
  /**
   * Per collected path (local names below the root, `/`-separated, e.g. `Fa` or `Podmiot1/DaneIdentyfikacyjne`):
   * its leaf children's trimmed, entity-decoded text by local name, first occurrence kept, in document order.
   */
  groups: Record<string, XmlFields>;
}

/** Leaf values by local name; a name the document lacks is undefined. */
export type XmlFields = Partial<Record<string, string>>;

interface Trie { next: Map<string, Trie>; group?: XmlFields }

const REFERENCE = /&(?:(lt|gt|amp|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));/y;
const XML_DECL = /<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.[0-9]+\1([ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\3)?([ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(yes|no)\5)?[ \t\r\n]*\?>/y;
const DOCTYPE = /<!DOCTYPE[ \t\r\n]+[^ \t\r\n>[]+[^[>]*(\[[^\]]*\])?[ \t\r\n]*>/y;
// Characters XML 1.0 does not allow at all (surrogates cannot survive strict UTF-8 decoding).
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

class NotWellFormed extends Error {
  constructor(message: string, readonly at: number) {
    super(message);
  }
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;

/** XML 1.0 NameStartChar as UTF-16 code units (a surrogate pair stands for #x10000-#xEFFFF). ASCII is tested first. */
function isNameStart(c: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a;
  return (c >= 0xc0 && c <= 0xd6) || (c >= 0xd8 && c <= 0xf6) || (c >= 0xf8 && c <= 0x2ff) || (c >= 0x370 && c <= 0x37d)
    || (c >= 0x37f && c <= 0x1fff) || c === 0x200c || c === 0x200d || (c >= 0x2070 && c <= 0x218f) || (c >= 0x2c00 && c <= 0x2fef)
    || (c >= 0x3001 && c <= 0xdb7f) || (c >= 0xdc00 && c <= 0xdfff) || (c >= 0xf900 && c <= 0xfdcf) || (c >= 0xfdf0 && c <= 0xfffd);
}

function isNameChar(c: number): boolean {
  if (c < 0x80) return isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e;
  return isNameStart(c) || c === 0xb7 || (c >= 0x300 && c <= 0x36f) || c === 0x203f || c === 0x2040;
}

function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

function buildTrie(paths: readonly string[], groups: XmlScan['groups']): Trie {
  const root: Trie = { next: new Map() };
  for (const path of paths) {
    let node = root;
    for (const name of path.split('/')) {
      let child = node.next.get(name);
      if (!child) node.next.set(name, (child = { next: new Map() }));
      node = child;
    }
    // No prototype: an element named `constructor` is data like any other.
    node.group = groups[path] = Object.create(null) as XmlFields;
  }
  return root;
}

class Scanner {
  private amp = -2;
  private lt = -2;
  private cdataEnd = -2;
  /** Just past the `>` of the start tag `attributes` read last. */
  tagEnd = 0;

  constructor(readonly text: string) {}

  /** Next `&` at or after `from`; kept until passed, so that text runs without one do not rescan to the end. */
  private nextAmp(from: number): number {
    if (this.amp !== -1 && this.amp < from) this.amp = this.text.indexOf('&', from);
    return this.amp;
  }

  nextLt(from: number): number {
    if (this.lt !== -1 && this.lt < from) this.lt = this.text.indexOf('<', from);
    return this.lt;
  }

  nextCdataEnd(from: number): number {
    if (this.cdataEnd !== -1 && this.cdataEnd < from) this.cdataEnd = this.text.indexOf(']]>', from);
    return this.cdataEnd;
  }

  /** End of the XML name starting at `at`, or `at` when there is none. */
  nameEnd(at: number): number {
    const { text } = this;
    if (!isNameStart(text.charCodeAt(at))) return at;
    let j = at + 1;
    while (isNameChar(text.charCodeAt(j))) j++;
    return j;
  }

  skipSpace(at: number): number {
    while (isSpace(this.text.charCodeAt(at))) at++;
    return at;
  }

  /** Checks the attributes of a start tag from `at` (just past its name); true when it is self-closing. */
  attributes(at: number, qname: string): boolean {
    const { text } = this;
    let seen: string[] | undefined;
    for (;;) {
      const j = this.skipSpace(at);
      const c = text.charCodeAt(j);
      if (c === 0x3e /* > */) {
        this.tagEnd = j + 1;
        return false;
      }
      if (c === 0x2f /* / */ && text.charCodeAt(j + 1) === 0x3e) {
        this.tagEnd = j + 2;
        return true;
      }
      const nameEnd = this.nameEnd(j);
      if (j === at || nameEnd === j) throw new NotWellFormed(`nieprawidłowy atrybut w <${qname}>`, j);
      const name = text.slice(j, nameEnd);
      localName(name, j);
      if ((seen ??= []).includes(name)) throw new NotWellFormed(`powtórzony atrybut ${name}`, j);
      seen.push(name);
      const eq = this.skipSpace(nameEnd);
      const open = this.skipSpace(eq + 1);
      const quote = text.charCodeAt(open);
      if (text.charCodeAt(eq) !== 0x3d /* = */ || (quote !== 0x22 && quote !== 0x27)) throw new NotWellFormed(`nieprawidłowy atrybut ${name}`, j);
      const close = text.indexOf(text[open], open + 1);
      if (close === -1) throw new NotWellFormed(`niezamknięta wartość atrybutu ${name}`, j);
      const lt = this.nextLt(open);
      if (lt !== -1 && lt < close) throw new NotWellFormed(`znak < w wartości atrybutu ${name}`, j);
      this.references(open + 1, close, false);
      at = close + 1;
    }
  }

  /** Checks every reference in `[from, to)`; returns the decoded text when `decode`. */
  references(from: number, to: number, decode: boolean): string {
    const { text } = this;
    let amp = this.nextAmp(from);
    if (amp === -1 || amp >= to) return decode ? text.slice(from, to) : '';
    let out = '';
    let i = from;
    while (amp !== -1 && amp < to) {
      REFERENCE.lastIndex = amp;
      const m = REFERENCE.exec(text);
      if (!m || REFERENCE.lastIndex > to) throw new NotWellFormed('nieprawidłowe odwołanie do encji (&)', amp);
      let decoded: string;
      if (m[1]) decoded = NAMED[m[1]];
      else {
        const cp = m[2] ? Number(m[2]) : parseInt(m[3], 16);
        if (!isXmlChar(cp)) throw new NotWellFormed('odwołanie do niedozwolonego znaku', amp);
        decoded = String.fromCodePoint(cp);
      }
      if (decode) out += text.slice(i, amp) + decoded;
      i = REFERENCE.lastIndex;
      amp = this.nextAmp(i);
    }
    return decode ? out + text.slice(i, to) : '';
  }
}

/** The part after the prefix; a name with more than one colon, or an empty prefix or local part, is refused. */
function localName(qname: string, at: number): string {
  const colon = qname.indexOf(':');
  if (colon === -1) return qname;
  if (colon !== qname.lastIndexOf(':') || colon === 0 || colon === qname.length - 1) throw new NotWellFormed(`nieprawidłowa nazwa ${qname}`, at);
  return qname.slice(colon + 1);
}

/** Well-formedness and the leaf values under `collect` (paths below the root element). Never throws. */
export function scanXml(text: string, collect: readonly string[]): XmlScan {
  const groups: XmlScan['groups'] = {};
  const trie = buildTrie(collect, groups);
  const sc = new Scanner(text);
  const names: string[] = [];
  const nodes: (Trie | undefined)[] = [];
  let root: string | undefined;
  // The leaf child of a group being read: its text so far, and whether it turned out to have children.
  let capture: { group: XmlFields; name: string; depth: number; text: string; leaf: boolean } | undefined;
  const n = text.length;
  let i = 0;
  try {
    const bad = NOT_XML_CHAR.exec(text);
    if (bad) throw new NotWellFormed(`niedozwolony znak U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`, bad.index);
    if (text.startsWith('<?xml')) {
      XML_DECL.lastIndex = 0;
      if (!XML_DECL.test(text)) throw new NotWellFormed('nieprawidłowa deklaracja XML', 0);
      i = XML_DECL.lastIndex;
    }
    let doctypeSeen = false;
    while (i < n) {
      const lt = text.indexOf('<', i);
      const end = lt === -1 ? n : lt;
      if (end > i) {
        if (names.length === 0) {
          if (sc.skipSpace(i) < end) throw new NotWellFormed('tekst poza elementem głównym', i);
        } else {
          const cdataEnd = sc.nextCdataEnd(i);
          if (cdataEnd !== -1 && cdataEnd < end) throw new NotWellFormed('sekwencja ]]> w treści', cdataEnd);
          if (capture) capture.text += sc.references(i, end, true);
          else sc.references(i, end, false);
        }
      }
      if (lt === -1) break;
      const c = text.charCodeAt(lt + 1);
      if (c === 0x2f /* / */) {
        const open = names.pop();
        // The open name, not followed by a further name character: the same test as reading the name, minus the loop.
        if (open === undefined || !text.startsWith(open, lt + 2) || isNameChar(text.charCodeAt(lt + 2 + open.length))) {
          const found = text.slice(lt + 2, sc.nameEnd(lt + 2));
          throw new NotWellFormed(open === undefined ? `zamknięcie nieotwartego elementu ${found}` : `oczekiwano </${open}>, jest </${found}>`, lt);
        }
        i = sc.skipSpace(lt + 2 + open.length);
        if (text.charCodeAt(i) !== 0x3e /* > */) throw new NotWellFormed(`nieprawidłowy znacznik zamykający </${open}>`, lt);
        i += 1;
        nodes.pop();
        if (capture && capture.depth === names.length) {
          if (capture.leaf && !(capture.name in capture.group)) capture.group[capture.name] = capture.text.trim();
          capture = undefined;
        }
      } else if (c === 0x21 /* ! */) {
        if (text.startsWith('<!--', lt)) {
          const close = text.indexOf('-->', lt + 4);
          if (close === -1) throw new NotWellFormed('niezamknięty komentarz', lt);
          const dashes = text.indexOf('--', lt + 4);
          if (dashes < close || (close > lt + 4 && text.charCodeAt(close - 1) === 0x2d)) throw new NotWellFormed('sekwencja -- w komentarzu', lt);
          i = close + 3;
        } else if (text.startsWith('<![CDATA[', lt)) {
          if (names.length === 0) throw new NotWellFormed('sekcja CDATA poza elementem głównym', lt);
          const close = text.indexOf(']]>', lt + 9);
          if (close === -1) throw new NotWellFormed('niezamknięta sekcja CDATA', lt);
          if (capture) capture.text += text.slice(lt + 9, close);
          i = close + 3;
        } else {
          DOCTYPE.lastIndex = lt;
          if (doctypeSeen || root !== undefined || !DOCTYPE.test(text)) throw new NotWellFormed('nieprawidłowa deklaracja <!', lt);
          doctypeSeen = true;
          i = DOCTYPE.lastIndex;
        }
      } else if (c === 0x3f /* ? */) {
        const targetEnd = sc.nameEnd(lt + 2);
        const close = text.indexOf('?>', lt + 2);
        if (targetEnd === lt + 2 || close === -1 || text.slice(lt + 2, targetEnd).toLowerCase() === 'xml') {
          throw new NotWellFormed('nieprawidłowa instrukcja przetwarzania', lt);
        }
        i = close + 2;
      } else {
        const nameEnd = sc.nameEnd(lt + 1);
        if (nameEnd === lt + 1) throw new NotWellFormed('nieprawidłowa nazwa elementu', lt);
        if (names.length === 0 && root !== undefined) throw new NotWellFormed('więcej niż jeden element główny', lt);
        const qname = text.slice(lt + 1, nameEnd);
        const local = localName(qname, lt);
        const selfClosing = sc.attributes(nameEnd, qname);
        i = sc.tagEnd;
        root ??= local;
        const parent = names.length === 0 ? undefined : nodes[nodes.length - 1];
        const node = names.length === 0 ? trie : parent?.next.get(local);
        if (capture) capture.leaf = false;
        else if (parent?.group) capture = { group: parent.group, name: local, depth: names.length, text: '', leaf: true };
        if (selfClosing) {
          if (capture && capture.depth === names.length) {
            if (!(capture.name in capture.group)) capture.group[capture.name] = '';
            capture = undefined;
          }
        } else {
          names.push(qname);
          nodes.push(node);
        }
      }
    }
    if (names.length > 0) throw new NotWellFormed(`niezamknięty element <${names[names.length - 1]}>`, n);
    if (root === undefined) throw new NotWellFormed('brak elementu głównego', n);
    return { root, groups, doctype: doctypeSeen };
  } catch (e) {
    if (!(e instanceof NotWellFormed)) throw e;
    return { error: { message: e.message, line: lineAt(text, e.at) }, groups };
  }
}

function lineAt(text: string, at: number): number {
  let line = 1;
  for (let k = text.indexOf('\n'); k !== -1 && k < at; k = text.indexOf('\n', k + 1)) line++;
  return line;
}
