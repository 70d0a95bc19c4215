import { createHash } from 'node:crypto';

/** Room left in a 255-byte name for the suffixes (`.upo.xml`, `.error.json`) and nothing else. */
const MAX_BASE_BYTES = 200;
const KEEP = /[A-Za-z0-9_.@-]/;

/**
 * The file name (without extension) that carries an ERP id's outcome: the id itself where it is made of
 * `[A-Za-z0-9_.@-]`, every other character percent-encoded as UTF-8 (`x y` -> `x%20y`, `x_y` stays), so two ids
 * never share a name and `decodeURIComponent` gives the id back. A leading dot is encoded too (no hidden files, no
 * `..`). An id whose encoding passes 200 bytes keeps a prefix and ends in `~` and 16 hex digits of its SHA-256: still
 * unique, and the outcome file names the id inside.
 */
export function outcomeName(erpId: string): string {
  let out = '';
  for (const ch of erpId) {
    if (KEEP.test(ch) && !(out === '' && ch === '.')) out += ch;
    // A lone surrogate has no UTF-8 form: its code unit, marked by `%u`.
    else if (/^[\uD800-\uDFFF]$/.test(ch)) out += `%u${ch.charCodeAt(0).toString(16).toUpperCase()}`;
    else out += encodeURIComponent(ch).replace(/[!'()*.~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  }
  if (out.length <= MAX_BASE_BYTES) return out;
  const cut = out.slice(0, 160).replace(/%[0-9A-F]?$/, '');
  return `${cut}~${createHash('sha256').update(erpId).digest('hex').slice(0, 16)}`;
}

/** `name` + `suffix`, shortened the same way when together they pass 255 bytes (a 250-byte inbox file's `.error.txt`). */
export function sideFileName(name: string, suffix: string): string {
  if (Buffer.byteLength(name) + Buffer.byteLength(suffix) <= 255) return `${name}${suffix}`;
  let cut = name;
  while (Buffer.byteLength(cut) > 160) cut = cut.slice(0, -1);
  return `${cut}~${createHash('sha256').update(name).digest('hex').slice(0, 16)}${suffix}`;
}
