/** What `send` reports for one file. */
export type FileResult =
  | { readonly file: string; readonly outcome: 'accepted'; readonly ksefNumber: string; readonly upoPath?: string; readonly note?: string }
  | { readonly file: string; readonly outcome: 'rejected'; readonly code: number | string; readonly message: string; readonly ksefNumber?: string }
  | { readonly file: string; readonly outcome: 'error' | 'pending'; readonly message: string }
  /** Sent, but whether KSeF took it could not be found out: never to be sent again blindly. */
  | { readonly file: string; readonly outcome: 'unknown'; readonly message: string }
  /** Refused by our own validation before anything was sent. */
  | { readonly file: string; readonly outcome: 'invalid'; readonly issues: readonly { code: string; location: string; message: string }[] };

export function formatResult(r: FileResult): string {
  switch (r.outcome) {
    case 'accepted':
      return `${r.file}: accepted ${r.ksefNumber}${r.note ? ` (${r.note})` : ''}${r.upoPath ? ` upo=${r.upoPath}` : ''}`;
    case 'rejected':
      return `${r.file}: rejected ${r.code} ${r.message}`;
    case 'invalid':
      return `${r.file}: invalid, not sent (--no-validate sends it anyway): ${r.issues.map((i) => `${i.code}${i.location ? ` at ${i.location}` : ''}: ${i.message}`).join('; ')}`;
    default:
      return `${r.file}: ${r.outcome} ${r.message}`;
  }
}
