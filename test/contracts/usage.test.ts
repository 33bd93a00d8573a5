/** The LLM usage store contract against the in-memory twin, PGlite and the run's PostgreSQL server. */
import { createDrizzleUsageStore } from '../../src/adapters/drizzle/usage-store.ts';
import { createMemoryUsageStore } from '../../src/adapters/memory/usage-store.ts';
import { pgliteStores, postgresStores } from '../support/stores.ts';
import { usageContract } from './usage.contract.ts';

usageContract({
  name: 'memory',
  open: async () => ({ store: createMemoryUsageStore(), close: async () => {} }),
});

for (const impl of [pgliteStores, postgresStores]) {
  usageContract({
    name: impl.name,
    async open() {
      const stores = await impl.open();
      if (!stores.db) throw new Error(`${impl.name} stores have no db`);
      return { store: createDrizzleUsageStore(stores.db), close: () => stores.close() };
    },
  });
}
