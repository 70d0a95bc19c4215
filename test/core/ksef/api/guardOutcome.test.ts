import { guardOutcome } from '../../../../core/ksef/api/outcomeUnknown.js';
import { KsefApiError } from '../../../../core/ksef/errors/KsefApiError.js';
import { KsefOutcomeUnknownError } from '../../../../core/ksef/errors/KsefOutcomeUnknownError.js';

const outcome = { operation: 'sendOnlineInvoice' as const, sessionReferenceNumber: 'S', invoiceHash: 'H', invoiceSize: 1 };
const api = (httpStatus: number) => new KsefApiError({ httpStatus, method: 'POST', path: '/x' });

describe('guardOutcome', () => {
  it.each([0, 500, 503])('turns HTTP %i into outcome-unknown carrying what is needed to look the invoice up', async (status) => {
    const e = await guardOutcome(outcome, () => Promise.reject(api(status))).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(KsefOutcomeUnknownError);
    expect((e as KsefOutcomeUnknownError).outcome).toEqual(outcome);
    expect((e as KsefOutcomeUnknownError).kind).toBe('transient');
  });

  it('turns an abort into outcome-unknown (the request may be on its way)', async () => {
    const abort = new DOMException('aborted', 'AbortError');
    await expect(guardOutcome(outcome, () => Promise.reject(abort))).rejects.toBeInstanceOf(KsefOutcomeUnknownError);
  });

  it.each([400, 401, 429])('passes HTTP %i through: KSeF definitely did not take it', async (status) => {
    const e = await guardOutcome(outcome, () => Promise.reject(api(status))).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(KsefApiError);
  });
});
