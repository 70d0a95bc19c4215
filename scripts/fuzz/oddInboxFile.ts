import fc from 'fast-check';
import type { Mutant } from './mutateDocument.js';

/** A file an ERP (or anyone) may leave in the inbox: odd names, odd kinds, odd contents. */
export interface OddFile {
  readonly name: string;
  readonly kind: 'file' | 'fifo' | 'symlink' | 'folder';
  readonly bytes: Buffer;
}

const safeName = (s: string): string => {
  let name = s.split('\u0000').join('_').replace(/\//g, '_');
  while (Buffer.byteLength(name) > 240) name = name.slice(0, -1);
  return name || 'x';
};

export function oddInboxFile(contents: fc.Arbitrary<Mutant>): fc.Arbitrary<OddFile> {
  const base = fc.oneof(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
    fc.constantFrom('x y', 'x_y', 'X', '发票一', '发票二', 'FV-🧾', '.hidden', 'a%41', 'con', ' '),
    fc.integer({ min: 200, max: 240 }).map((n) => 'L'.repeat(n)),
  ).map(safeName);
  const ext = fc.constantFrom('.xml', '.json', '.XML', '.Json');
  const kind = fc.constantFrom<OddFile['kind']>('file', 'file', 'file', 'file', 'file', 'file', 'fifo', 'symlink', 'folder');
  const bytes = fc.oneof(contents.map((m) => m.bytes), fc.constantFrom('{ broken', '{"Naglowek":{}}', '[]', '').map((s) => Buffer.from(s)));
  return fc.record({ base, ext, kind, bytes }).map(({ base: b, ext: e, kind: k, bytes: c }) => {
    let name = `${b}${e}`;
    while (Buffer.byteLength(name) > 250) name = `${b.slice(0, -5)}${e}`;
    return { name, kind: k, bytes: c };
  });
}
