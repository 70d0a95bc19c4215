/**
 * One problem found in an FA(3) document.
 * - `file`: the bytes themselves (encoding, BOM, size, forbidden characters, not well-formed);
 * - `xsd`: the official schema;
 * - `rule`: what KSeF or the VAT law enforces beyond the schema;
 * - `draft`: an invoice draft that cannot be completed into FA(3) (shape, missing data, unresolved references).
 */
export type ValidationLayer = 'file' | 'xsd' | 'rule' | 'draft';

export interface ValidationIssue {
  /** Stable code, e.g. `FA3_XSD`, `FA3_NIP_CHECKSUM`, `FA3_P15_MISMATCH`. */
  readonly code: string;
  readonly layer: ValidationLayer;
  /** Path in the document, e.g. `Fa/FaWiersz[3]/P_12` (1-based indices, root element omitted). */
  readonly location: string;
  /** For drafts: JSON pointer of the draft field the finding is about, e.g. `/lines/2/vatRate`. */
  readonly field?: string;
  readonly message: string;
  /** Warnings do not make the document invalid. */
  readonly severity: 'error' | 'warning';
}
