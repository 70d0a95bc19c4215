export const CATALOG_FILE = 'catalog.xml';

/**
 * An OASIS catalog mapping the remote import addresses (as the schema names them) to `bazowe/`, so validation needs
 * no network; Fa3XsdValidator reads it. Written by us, not downloaded, so it is not in the manifest's hashes.
 */
export function catalogFor(importUrls: readonly string[]): string {
  const prefixes = [...new Set(importUrls.map((u) => u.slice(0, u.lastIndexOf('/') + 1)))];
  const variants = prefixes.flatMap((p) => (/^https?:\/\/crd\.gov\.pl\//.test(p) ? [p.replace(/^https?/, 'http'), p.replace(/^https?/, 'https')] : [p]));
  return [
    '<?xml version="1.0"?>',
    '<!-- Written by ksef-gateway schemas install: remote imports of the schema -> the local copies in bazowe/. -->',
    '<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">',
    ...[...new Set(variants)].map((p) => `  <rewriteSystem systemIdStartString="${p}" rewritePrefix="bazowe/"/>`),
    '</catalog>',
    '',
  ].join('\n');
}
