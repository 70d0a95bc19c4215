import type { DocumentState } from '../../../plugin-api/types.js';

/**
 * The status words in plain language, for the people who read `status` (accountants as much as operators).
 * docs/cli.md carries the same table; a test keeps the two equal.
 */
export const STATE_MEANINGS: Readonly<Record<DocumentState, string>> = {
  received: 'stored, not yet checked (only after a crash mid-way; the ERP sends it again)',
  invalid: 'refused by the gateway\'s checks, never sent to KSeF; the error says what to fix',
  queued: 'checked and waiting to be sent to KSeF',
  sending: 'being sent to KSeF now',
  sent: 'KSeF has it and is processing it',
  accepted: 'KSeF accepted it: KSeF number and UPO received, not yet handed to the ERP',
  rejected: 'KSeF refused it; the error gives KSeF\'s code and reason, not yet handed to the ERP',
  delivered: 'the outcome (KSeF number and UPO, or the refusal) was handed to the ERP, which confirmed it',
};
