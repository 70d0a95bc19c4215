import { XMLParser } from 'fast-xml-parser';

/**
 * Semantic view of an XML document for round-trip comparison: elements by local name in document order, attributes
 * other than namespace/xsi ones, text trimmed with whitespace collapsed, decimals without insignificant zeros.
 */
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  htmlEntities: true,
});

function canonicalText(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  const m = /^(-?)0*(\d+)(?:\.(\d*?)0*)?$/.exec(t);
  if (m && /^-?\d+(\.\d+)?$/.test(t)) return `${m[1]}${m[2]}${m[3] ? `.${m[3]}` : ''}`;
  return t;
}

type Node = Record<string, unknown>;

function canon(nodes: Node[]): string[] {
  const out: string[] = [];
  for (const n of nodes) {
    const name = Object.keys(n).find((k) => k !== ':@')!;
    if (name === '#text') {
      out.push(`"${canonicalText(String(n['#text']))}"`);
      continue;
    }
    const attrs = Object.entries((n[':@'] as Record<string, string>) ?? {})
      .filter(([k]) => !['@schemaLocation', '@xmlns'].includes(k) && !k.startsWith('@xmlns'))
      .map(([k, v]) => `${k}=${v}`)
      .sort();
    out.push(`<${name}${attrs.length ? ` ${attrs.join(' ')}` : ''}>`);
    out.push(...canon(n[name] as Node[]).map((l) => `  ${l}`));
  }
  return out;
}

export function canonicalXml(xml: string): string {
  return canon(parser.parse(xml) as Node[]).join('\n');
}
