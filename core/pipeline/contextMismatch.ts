import type { ErpDocument, OutcomeError } from '../plugin-api/types.js';

/** The error of a document whose seller's context is not the one its plugin said it acts for (`ErpDocument.context`). */
export function contextMismatch(document: ErpDocument, contextNip: string): OutcomeError | undefined {
  if (document.context === undefined || document.context === contextNip) return undefined;
  return { code: 'GW_PIPELINE_CONTEXT_MISMATCH', location: 'Podmiot1/DaneIdentyfikacyjne/NIP',
    message: `The invoice's seller belongs to context ${contextNip}, but it was submitted for context ${document.context}` };
}
