import { join, resolve } from 'node:path';

/** The folders of one inbox: documents wait in `inbox`, move to `processed` once stored, outcomes go to `outcomes`. */
export interface InboxFolders {
  readonly inbox: string;
  readonly processed: string;
  readonly failed: string;
  readonly outcomes: string;
  /** Invoices received from KSeF (the purchase sync): `<ksefNumber>.xml` and `<ksefNumber>.json`. */
  readonly received: string;
}

export function inboxFolders(options: { inbox?: string; processed?: string; failed?: string; outcomes?: string; received?: string }, dataDir: string): InboxFolders {
  const inbox = resolve(options.inbox ?? join(dataDir, 'inbox'));
  return {
    inbox,
    processed: resolve(options.processed ?? join(inbox, '..', 'processed')),
    failed: resolve(options.failed ?? join(inbox, '..', 'failed')),
    outcomes: resolve(options.outcomes ?? join(inbox, '..', 'outcomes')),
    received: resolve(options.received ?? join(inbox, '..', 'received')),
  };
}
