import type { IdocLayout } from './IdocLayout.js';

/**
 * The segment type for a name as sent: flat files written by SAP carry the definition name with its version
 * (`E2EDK01005`, `Z2ZINV001`), IDoc-XML and RFC records carry the type (`E1EDK01`).
 */
export function segmentType(sent: string, layout: IdocLayout): string {
  const name = sent.trim().toUpperCase();
  if (layout.has(name)) return name;
  const definition = /^([EZ])2(.+?)(\d{3})?$/.exec(name);
  return definition ? `${definition[1]}1${definition[2]}` : name;
}
