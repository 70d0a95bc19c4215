import { PgPurchaseStore } from '../../../adapters/postgres-store/PgPurchaseStore.js';
import { describePurchaseStoreContract } from '../../support/purchaseStoreContract.js';
import { dropSchema, pgTestUrl, testSchemaName } from './pgTestSchema.js';

describePurchaseStoreContract('PgPurchaseStore', async () => {
  const schema = testSchemaName();
  const store = await PgPurchaseStore.open({ url: pgTestUrl(), schema });
  return {
    store,
    another: () => PgPurchaseStore.open({ url: pgTestUrl(), schema }),
    close: async () => {
      await store.close();
      await dropSchema(schema);
    },
  };
});
