import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqlitePluginRecords } from '../../../adapters/sqlite-store/SqlitePluginRecords.js';
import { describePluginRecordStoreContract } from '../../support/pluginRecordStoreContract.js';

describePluginRecordStoreContract('SqlitePluginRecords', async (now) => {
  const file = join(mkdtempSync(join(tmpdir(), 'gw-records-')), 'gateway.sqlite');
  const opened: SqlitePluginRecords[] = [];
  const open = async () => {
    const s = new SqlitePluginRecords(file, now);
    opened.push(s);
    return s;
  };
  return { store: await open(), another: open, close: async () => { for (const s of opened) await s.close(); } };
});
