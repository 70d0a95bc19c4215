import { GatewayError } from '../../errors/GatewayError.js';

/** What was being sent when the answer got lost; enough to look the outcome up instead of sending again. */
export type UnknownOutcome =
  | {
      readonly operation: 'sendOnlineInvoice';
      readonly sessionReferenceNumber: string;
      /** Base64 SHA-256 of the plaintext invoice: match it in `listSessionInvoices`. */
      readonly invoiceHash: string;
      readonly invoiceSize: number;
    }
  | { readonly operation: 'openOnlineSession' | 'openBatchSession' }
  | { readonly operation: 'closeSession'; readonly sessionReferenceNumber: string }
  | { readonly operation: 'generateToken' | 'revokeToken'; readonly referenceNumber?: string };

/**
 * A non-idempotent request may or may not have been processed (timeout, connection reset, 5xx).
 * Never resend blindly: resolve through the status endpoints (e.g. `KsefClient.findSentInvoice`).
 */
export class KsefOutcomeUnknownError extends GatewayError {
  readonly outcome: UnknownOutcome;

  constructor(outcome: UnknownOutcome, cause: unknown) {
    super('GW_KSEF_OUTCOME_UNKNOWN', 'transient', `KSeF outcome of ${outcome.operation} is unknown; resolve it through the status endpoints`, {
      cause,
      details: { ...outcome },
    });
    this.name = 'KsefOutcomeUnknownError';
    this.outcome = outcome;
  }
}
