import { join, resolve } from 'node:path';
import type { CsvOptions } from './CsvOptions.js';

/** The folders of one CSV instance: files wait in `inbox`, move to `archive/<date>/`; results go to `out`. */
export interface CsvFolders {
  readonly inbox: string;
  readonly archive: string;
  readonly out: string;
  /** UPO files, named by KSeF number. */
  readonly upo: string;
  readonly failed: string;
  /** The instance's own state: what each file held and every outcome (for re-drops and results after restarts). */
  readonly state: string;
  /** The purchase register CSV, unless switched off. */
  readonly purchaseRegister?: string;
}

export function csvFolders(options: Pick<CsvOptions, 'inbox' | 'archive' | 'out' | 'failed' | 'purchaseRegister'>, dataDir: string): CsvFolders {
  const inbox = resolve(options.inbox ?? join(dataDir, 'inbox'));
  const out = resolve(options.out ?? join(inbox, '..', 'out'));
  return {
    inbox,
    archive: resolve(options.archive ?? join(inbox, '..', 'archive')),
    out,
    upo: join(out, 'upo'),
    failed: resolve(options.failed ?? join(inbox, '..', 'failed')),
    state: resolve(dataDir, 'state'),
    ...(options.purchaseRegister === false ? {} : { purchaseRegister: resolve(options.purchaseRegister ?? join(out, 'purchases.csv')) }),
  };
}
