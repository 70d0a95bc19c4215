import type { ValidationIssue } from '../validation/ValidationIssue.js';

/** KSeF's defaults (PROTOCOL.md §10.3, SI megabytes): 1 MB per invoice, 3 MB with an attachment (Zalacznik). */
export const MAX_INVOICE_BYTES = 1_000_000;
export const MAX_INVOICE_WITH_ATTACHMENT_BYTES = 3_000_000;

/** The size check, shared by the file layer (on the bytes) and `checkRules` (when told the size). */
export function sizeLimit(bytes: number, hasAttachment: boolean, layer: 'file' | 'rule'): ValidationIssue[] {
  const limit = hasAttachment ? MAX_INVOICE_WITH_ATTACHMENT_BYTES : MAX_INVOICE_BYTES;
  if (bytes <= limit) return [];
  return [{
    code: 'FA3_SIZE_LIMIT',
    layer,
    location: '',
    message: `the invoice is ${bytes} bytes; KSeF accepts at most ${limit} bytes ${hasAttachment ? 'with' : 'without'} an attachment`,
    severity: 'error',
  }];
}
