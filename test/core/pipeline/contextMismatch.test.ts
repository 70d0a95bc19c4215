import { contextMismatch } from '../../../core/pipeline/contextMismatch.js';

describe('contextMismatch', () => {
  const doc = (context?: string) => ({ erpId: 'E1', payload: { format: 'fa3-xml' as const, xml: '' }, ...(context ? { context } : {}) });

  it("refuses a document whose seller's context is not the one its plugin acts for, naming both", () => {
    expect(contextMismatch(doc('1111111111'), '5265877635')).toEqual({ code: 'GW_PIPELINE_CONTEXT_MISMATCH', location: 'Podmiot1/DaneIdentyfikacyjne/NIP',
      message: "The invoice's seller belongs to context 5265877635, but it was submitted for context 1111111111" });
  });

  it('accepts the same context, or a document that names none', () => {
    expect(contextMismatch(doc('5265877635'), '5265877635')).toBeUndefined();
    expect(contextMismatch(doc(), '5265877635')).toBeUndefined();
  });
});
