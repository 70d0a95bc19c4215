import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqlitePurchaseStore } from '../../../adapters/sqlite-store/SqlitePurchaseStore.js';
import { describePurchaseStoreContract } from '../../support/purchaseStoreContract.js';

describePurchaseStoreContract('SqlitePurchaseStore', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'gw-purchases-')), 'gateway.sqlite');
  const store = new SqlitePurchaseStore(file);
  return { store, another: async () => new SqlitePurchaseStore(file), close: () => store.close() };
});
