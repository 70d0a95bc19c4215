import fc from 'fast-check';
import iconv from 'iconv-lite';

/** One hostile variant of a sample, with a short description of how it was made (for reports and replays). */
export interface Mutant {
  readonly bytes: Buffer;
  readonly how: string;
}

const DOCTYPES = [
  '<!DOCTYPE Faktura>',
  '<!DOCTYPE Faktura [<!ENTITY a "x">]>',
  '<!DOCTYPE Faktura [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>',
  '<!DOCTYPE Faktura SYSTEM "file:///etc/passwd">',
  '<!DOCTYPE Faktura [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>',
  '<!-- <Faktura xmlns="http://crd.gov.pl/wzor/2025/06/25/13775/"> --><!DOCTYPE Faktura [<!ENTITY a "x">]>',
  '<!doctype Faktura>',
];

const insertAfterDeclaration = (text: string, what: string): string => {
  const end = text.startsWith('<?xml') ? text.indexOf('?>') + 2 : 0;
  return `${text.slice(0, end)}${what}${text.slice(end)}`;
};

/** The mutations of the fuzz suite, each an arbitrary from a sample's bytes to a mutant. */
function mutations(sample: Buffer): fc.Arbitrary<Mutant>[] {
  const text = sample.toString('utf8');
  const len = sample.length;
  const leaves = [...text.matchAll(/<(\w+)>([^<]*)<\/\1>/g)];
  const elements = [...text.matchAll(/<(\w+)>[\s\S]*?<\/\1>/g)];
  return [
    fc.array(fc.tuple(fc.nat(len - 1), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 8 }).map((flips) => {
      const b = Buffer.from(sample);
      for (const [at, bit] of flips) b[at] ^= 1 << bit;
      return { bytes: b, how: `bit flips at ${flips.map(([a]) => a).join(',')}` };
    }),
    fc.nat(len).map((at) => ({ bytes: sample.subarray(0, at), how: `truncated at ${at}` })),
    fc.tuple(fc.nat(elements.length - 1), fc.nat(elements.length - 1)).map(([i, j]) => {
      const [a, b] = [elements[Math.min(i, j)], elements[Math.max(i, j)]];
      if (a.index! + a[0].length > b.index!) return { bytes: sample, how: 'unchanged' };
      const out = text.slice(0, a.index) + b[0] + text.slice(a.index! + a[0].length, b.index) + a[0] + text.slice(b.index! + b[0].length);
      return { bytes: Buffer.from(out), how: `swapped ${a[1]} and ${b[1]}` };
    }),
    fc.tuple(fc.nat(leaves.length - 1), fc.constantFrom('9', 'A', 'ż', '&amp;', '1.', ' '), fc.integer({ min: 1_000, max: 400_000 })).map(([i, unit, n]) => {
      const m = leaves[i];
      const out = `${text.slice(0, m.index)}<${m[1]}>${unit.repeat(n)}</${m[1]}>${text.slice(m.index! + m[0].length)}`;
      return { bytes: Buffer.from(out), how: `${m[1]} holds ${n} x ${JSON.stringify(unit)}` };
    }),
    fc.integer({ min: 10, max: 20_000 }).map((depth) => ({
      bytes: Buffer.from(text.replace('<Fa>', `<Fa>${'<Fa>'.repeat(depth)}${'</Fa>'.repeat(depth)}`)), how: `${depth} nested elements`,
    })),
    fc.integer({ min: 100, max: 20_000 }).map((n) => {
      const line = /<FaWiersz>[\s\S]*?<\/FaWiersz>/.exec(text)?.[0] ?? '';
      return { bytes: Buffer.from(text.replace(line, line.repeat(Math.min(n, Math.ceil(2_500_000 / Math.max(line.length, 1)))))), how: `${n} invoice lines` };
    }),
    fc.constantFrom('windows-1250', 'iso-8859-2', 'utf-16le', 'utf-16be', 'cp852').chain((enc) => fc.boolean().map((declare) => ({
      bytes: iconv.encode(declare ? text.replace(/encoding="[^"]*"/, `encoding="${enc}"`) : text, enc, { addBOM: enc.startsWith('utf-16') }),
      how: `encoded as ${enc}${declare ? ', declared' : ', declaring UTF-8'}`,
    }))),
    fc.constant({ bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), sample]), how: 'UTF-8 BOM' }),
    fc.constantFrom(...DOCTYPES).map((d) => ({ bytes: Buffer.from(insertAfterDeclaration(text.replace(/<P_2>[^<]*</, '<P_2>&a;<'), `\n${d}\n`)), how: `DOCTYPE ${d.slice(0, 40)}` })),
    fc.tuple(fc.nat(len), fc.uint8Array({ minLength: 1, maxLength: 64 })).map(([at, junk]) => ({
      bytes: Buffer.concat([sample.subarray(0, at), Buffer.from(junk), sample.subarray(at)]), how: `${junk.length} random bytes at ${at}`,
    })),
    fc.constantFrom('<?php x?>', '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd"/>', '<![CDATA[<P_2>x</P_2>]]>', '\u0085', '\uFFFE', '\u0000')
      .map((s) => ({ bytes: Buffer.from(text.replace('<Fa>', `<Fa>${s}`)), how: `inserted ${JSON.stringify(s)}` })),
  ];
}

/** Mutants of the given samples: pick a sample, then one of the mutations above. */
export function mutatedDocument(samples: readonly Buffer[]): fc.Arbitrary<Mutant> {
  return fc.constantFrom(...samples).chain((s) => fc.oneof(...mutations(s)));
}
