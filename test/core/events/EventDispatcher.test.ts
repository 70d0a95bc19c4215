import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { SqliteEventOutbox } from '../../../adapters/sqlite-store/SqliteEventOutbox.js';
import { EventDispatcher, type EventConsumer, type EventDispatcherOptions } from '../../../core/events/EventDispatcher.js';
import { OutboxEvents } from '../../../core/events/OutboxEvents.js';
import { createLogger } from '../../../core/logging/createLogger.js';
import type { GatewayEvent } from '../../../core/plugin-api/types.js';

const silent = createLogger({ destination: new Writable({ write(_c, _e, cb) { cb(); } }) });
const OPTIONS: EventDispatcherOptions = {
  owner: 'gw-1', leaseMs: 60_000, retryBaseMs: 20, retryMaxMs: 100, pollMs: 20, deliveryTimeoutMs: 1_000, keepMs: 86_400_000,
};
const event = (n: number): GatewayEvent => ({ type: 'ksef-unreachable', at: '2026-01-01T00:00:00Z', contextNip: '5265877635', message: `#${n}` });

/** A consumer that records what it took and refuses everything while `down`. */
function consumer(id: string) {
  const heard: string[] = [];
  let calls = 0;
  const c = {
    id, heard, down: false,
    get calls() { return calls; },
    async deliver(e: GatewayEvent) {
      calls += 1;
      if (c.down) throw new Error(`${id} is down`);
      heard.push(e.message);
    },
  };
  return c;
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('EventDispatcher over the SQLite events outbox', () => {
  let dir: string;
  const open: { close(): Promise<void> }[] = [];
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'gw-dispatch-')); });
  afterEach(async () => {
    for (const o of open.splice(0).reverse()) await o.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function gateway(consumers: EventConsumer[]) {
    const outbox = new SqliteEventOutbox(join(dir, 'gateway.sqlite'));
    const dispatcher = new EventDispatcher(outbox, () => consumers, OPTIONS, silent);
    const events = new OutboxEvents(outbox, silent, () => dispatcher.wake());
    open.push(outbox, { close: () => dispatcher.stop() });
    return { outbox, dispatcher, events };
  }

  it('loses no event while a notifier is down: it gets every one, in order, once it is back; the others are not held up', async () => {
    const mail = consumer('notifier:mail');
    const erp = consumer('adapter:erp');
    mail.down = true;
    const gw = gateway([mail, erp]);
    await gw.dispatcher.start();
    for (let n = 1; n <= 5; n += 1) await gw.events.emit(event(n));
    await until(() => erp.heard.length === 5);
    await until(() => mail.calls >= 3);
    expect(mail.heard).toEqual([]);
    expect((await gw.outbox.backlog()).find((b) => b.consumer === 'notifier:mail')).toMatchObject({ waiting: 5, lastError: 'notifier:mail is down' });
    mail.down = false;
    await until(() => mail.heard.length === 5);
    expect(mail.heard).toEqual(['#1', '#2', '#3', '#4', '#5']);
    expect(erp.heard).toEqual(['#1', '#2', '#3', '#4', '#5']);
    expect((await gw.outbox.backlog()).every((b) => b.waiting === 0)).toBe(true);
  });

  it('redelivers after a restart what a consumer had not acknowledged, and nothing it had', async () => {
    const before = consumer('notifier:mail');
    const first = gateway([before]);
    await first.dispatcher.start();
    await first.events.emit(event(1));
    await until(() => before.heard.length === 1);
    before.down = true;
    await first.events.emit(event(2));
    await first.events.emit(event(3));
    await until(() => before.calls >= 2);
    await first.dispatcher.stop();
    await first.outbox.close();

    const after = consumer('notifier:mail');
    const second = gateway([after]);
    await second.dispatcher.start();
    await until(() => after.heard.length === 2);
    expect(after.heard).toEqual(['#2', '#3']);
  });

  it('counts a delivery that hangs as failed and tries it again', async () => {
    let hang = true;
    const heard: string[] = [];
    const slow: EventConsumer = { id: 'notifier:slow', deliver: async (e) => {
      if (hang) { hang = false; await new Promise(() => undefined); }
      heard.push(e.message);
    } };
    const outbox = new SqliteEventOutbox(join(dir, 'gateway.sqlite'));
    const dispatcher = new EventDispatcher(outbox, () => [slow], { ...OPTIONS, deliveryTimeoutMs: 100 }, silent);
    open.push(outbox, { close: () => dispatcher.stop() });
    await dispatcher.start();
    await new OutboxEvents(outbox, silent, () => dispatcher.wake()).emit(event(1));
    await until(() => heard.length === 1);
    expect((await outbox.backlog())[0]).toMatchObject({ waiting: 0, attempts: 0 });
  });
});
