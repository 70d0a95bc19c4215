import { PgEventOutbox } from '../../../adapters/postgres-store/PgEventOutbox.js';
import { describeEventOutboxContract } from '../../support/eventOutboxContract.js';
import { dropSchema, pgTestUrl, testSchemaName } from './pgTestSchema.js';

const url = pgTestUrl();

describeEventOutboxContract('PgEventOutbox', async () => {
  const schema = testSchemaName();
  const opened: PgEventOutbox[] = [];
  const open = async () => {
    const o = await PgEventOutbox.open({ url, schema });
    opened.push(o);
    return o;
  };
  return {
    outbox: await open(), reopen: open,
    close: async () => {
      for (const o of opened) await o.close();
      await dropSchema(schema);
    },
  };
});

describe('PgEventOutbox appends from several instances', () => {
  it('gives every event its own seq in commit order, so a cursor skips none', async () => {
    const schema = testSchemaName();
    const handles = await Promise.all([1, 2, 3].map(() => PgEventOutbox.open({ url, schema })));
    try {
      await handles[0].register(['mail'], 0);
      await Promise.all(handles.flatMap((h, i) => Array.from({ length: 10 }, (_, k) =>
        h.append({ type: 'ksef-unreachable', at: '2026-01-01T00:00:00Z', message: `${i}-${k}` }, { now: 1 }))));
      const [batch] = await handles[1].claim(['mail'], 2, { owner: 'x', leaseMs: 1000 }, 100);
      expect(batch.events).toHaveLength(30);
      expect(new Set(batch.events.map((e) => (e.event as { message: string }).message)).size).toBe(30);
    } finally {
      for (const h of handles) await h.close();
      await dropSchema(schema);
    }
  });
});
