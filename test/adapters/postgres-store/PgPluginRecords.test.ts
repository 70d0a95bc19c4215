import { PgPluginRecords } from '../../../adapters/postgres-store/PgPluginRecords.js';
import { describePluginRecordStoreContract } from '../../support/pluginRecordStoreContract.js';
import { dropSchema, pgTestUrl, testSchemaName } from './pgTestSchema.js';

const url = pgTestUrl();

describePluginRecordStoreContract('PgPluginRecords', async (now) => {
  const schema = testSchemaName();
  const opened: PgPluginRecords[] = [];
  const open = async () => {
    const s = await PgPluginRecords.open({ url, schema }, now);
    opened.push(s);
    return s;
  };
  return {
    store: await open(), another: open,
    close: async () => {
      for (const s of opened) await s.close();
      await dropSchema(schema);
    },
  };
});
