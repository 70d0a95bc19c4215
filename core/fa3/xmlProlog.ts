/** What stands before the root element of an XML document, found by reading the prolog's grammar. */
export interface XmlProlog {
  /** Index of a `<!DOCTYPE` in the prolog (where XML allows one), if there is one. */
  readonly doctypeAt?: number;
  /** Index of the root element's `<`, when the prolog ends in one. */
  readonly rootAt?: number;
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;

/**
 * Walks the prolog (`XMLDecl? Misc* (doctypedecl Misc*)?`, XML 1.0 §2.8): the declaration, comments, processing
 * instructions and white space, up to the DOCTYPE or the root element. A regex over the text cannot do this: a
 * comment may contain `<Faktura ...>` or `<!DOCTYPE`, and only the grammar tells which one counts. Anything the
 * prolog does not allow (an unclosed comment, text) ends the walk with neither index: the parser reports it.
 */
export function scanProlog(text: string): XmlProlog {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) !== 0x3c /* < */) return {};
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) return {};
      i = end + 3;
    } else if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end < 0) return {};
      i = end + 2;
    } else if (text.startsWith('<!', i)) {
      // XML names are case-sensitive, but `<!doctype` is refused too: no parser should be asked to decide.
      return /^<!doctype/i.test(text.slice(i, i + 9)) ? { doctypeAt: i } : {};
    } else {
      return { rootAt: i };
    }
  }
}
