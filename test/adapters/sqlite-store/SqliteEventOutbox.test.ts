import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventOutbox } from '../../../adapters/sqlite-store/SqliteEventOutbox.js';
import { describeEventOutboxContract } from '../../support/eventOutboxContract.js';

describeEventOutboxContract('SqliteEventOutbox', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gw-events-'));
  const opened: SqliteEventOutbox[] = [];
  const open = async () => {
    const o = new SqliteEventOutbox(join(dir, 'gateway.sqlite'));
    opened.push(o);
    return o;
  };
  return {
    outbox: await open(), reopen: open,
    close: async () => {
      for (const o of opened) await o.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
