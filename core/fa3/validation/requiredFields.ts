import type { Faktura } from '../model/Faktura.js';
import type { ValidationIssue } from './ValidationIssue.js';

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/**
 * The fields every invoice needs before anything else can be said of it: the seller's NIP, the kind, the number and
 * the issue date (KSeF's duplicate key and the context to send in). The XSD requires them too; without the schemas
 * this check is what keeps `fa3 validate`, `send` and the pipeline agreeing that such an invoice is invalid.
 */
export function requiredFields(invoice: Faktura): ValidationIssue[] {
  const fields: [string, unknown][] = [
    ['Podmiot1/DaneIdentyfikacyjne/NIP', (invoice.Podmiot1?.DaneIdentyfikacyjne as { NIP?: unknown } | undefined)?.NIP],
    ['Fa/RodzajFaktury', invoice.Fa?.RodzajFaktury],
    ['Fa/P_2', invoice.Fa?.P_2],
    ['Fa/P_1', invoice.Fa?.P_1],
  ];
  return fields.filter(([, v]) => text(v) === undefined).map(([location]) => ({
    code: 'FA3_FIELD_MISSING', layer: 'xsd', location, message: `${location} is missing or empty`, severity: 'error',
  }));
}
