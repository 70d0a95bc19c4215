import { Writable } from 'node:stream';
import { PgCredentialVault } from '../../../adapters/postgres-store/PgCredentialVault.js';
import { PgEventOutbox } from '../../../adapters/postgres-store/PgEventOutbox.js';
import { PgPluginRecords } from '../../../adapters/postgres-store/PgPluginRecords.js';
import { PgSubmissionStore } from '../../../adapters/postgres-store/PgSubmissionStore.js';
import { notificationsSchema } from '../../../core/config/notificationsConfig.js';
import { createLogger } from '../../../core/logging/createLogger.js';
import { EmailChannel } from '../../../core/notifications/channels/EmailChannel.js';
import { createNotifications } from '../../../core/notifications/createNotifications.js';
import { dropSchema, pgTestUrl, testSchemaName } from '../../adapters/postgres-store/pgTestSchema.js';
import { startSmtpSink } from '../../support/smtpSink.js';

const NIP = '5265877635';
const silent = createLogger({ destination: new Writable({ write(_c, _e, cb) { cb(); } }) });

describe('Notifications on one PostgreSQL schema shared by two instances', () => {
  it('announces an episode once and its resolution once, whichever instance evaluates', async () => {
    const url = pgTestUrl();
    const schema = testSchemaName();
    const smtp = await startSmtpSink({ user: 'alerts', password: 'pw-pg-1' });
    const opened: { close(): Promise<void> }[] = [];
    const config = notificationsSchema.parse({ email: { host: '127.0.0.1', port: smtp.port, user: 'alerts', password: 'pw-pg-1',
      from: 'gw@example.com', to: ['ops@example.com'] }, minIntervalMinutes: 0 });
    const instance = async (name: string) => {
      const store = await PgSubmissionStore.open({ url, schema, max: 2 });
      const vault = await PgCredentialVault.open({ url, schema, max: 2 }, Buffer.alloc(32, 3));
      const events = await PgEventOutbox.open({ url, schema });
      const records = await PgPluginRecords.open({ url, schema, max: 2 });
      opened.push(store, vault, events, records);
      const n = createNotifications({ config, store, vault, events, wakeEvents: () => undefined, records, gateway: name, logger: silent },
        [new EmailChannel(config.email!, { rejectUnauthorized: false })]);
      opened.push({ close: () => n.stop() });
      return { store, n };
    };
    try {
      const a = await instance('gw-a');
      const b = await instance('gw-b');
      await a.store.setContextPaused(NIP, 'KSeF refused the credential', Date.now());
      await Promise.all([a.n.runOnce(), b.n.runOnce()]);
      await Promise.all([a.n.runOnce(), b.n.runOnce()]);
      expect(smtp.mails).toHaveLength(1);
      expect(smtp.mails[0].raw).toContain(`Sending for context ${NIP} is paused`);

      await b.store.setContextPaused(NIP, null, Date.now());
      await Promise.all([a.n.runOnce(), b.n.runOnce()]);
      await Promise.all([a.n.runOnce(), b.n.runOnce()]);
      expect(smtp.mails).toHaveLength(2);
      expect(smtp.mails[1].raw).toMatch(/^RESOLVED /m);
    } finally {
      for (const o of opened.reverse()) await o.close();
      await smtp.close();
      await dropSchema(schema);
    }
  });
});
