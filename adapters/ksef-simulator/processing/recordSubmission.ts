import type { SimContext } from '../SimContext.js';
import type { InvoiceRecord, SessionRecord, SubmissionRecord } from '../store/records.js';

/** The lookup key of a document in the submission record: seller NIP and invoice number (`Fa/P_2`). */
export const submissionKey = (sellerNip: string, invoiceNumber: string | undefined): string => `${sellerNip}|${invoiceNumber ?? ''}`;

/** Records that KSeF took in `inv` (see SubmissionRecord); called once per invoice, inside its transaction. */
export function recordSubmission(sim: SimContext, session: SessionRecord, inv: InvoiceRecord, sellerNip = session.context.value): void {
  const rec: SubmissionRecord = {
    sellerNip, invoiceNumber: inv.invoiceNumber, invoiceHash: inv.invoiceHash, sessionRef: session.referenceNumber, sessionType: session.type,
    invoiceRef: inv.referenceNumber, statusCode: inv.status.code, ksefNumber: inv.ksefNumber, receivedAt: inv.sentAt,
  };
  sim.store.put('submission', inv.referenceNumber, rec, { ctx: submissionKey(sellerNip, inv.invoiceNumber), k2: inv.invoiceHash });
}
