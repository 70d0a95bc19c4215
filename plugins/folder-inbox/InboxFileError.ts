/** Why a file in the inbox was not taken; written beside it in `failed/` (`GW_INBOX_*`, or `GW_TEXT_*` from decoding). */
export class InboxFileError extends Error {
  constructor(readonly code: string, message: string, readonly location?: string) {
    super(message);
    this.name = 'InboxFileError';
  }
}
