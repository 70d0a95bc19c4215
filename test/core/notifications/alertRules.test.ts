import { notificationsSchema } from '../../../core/config/notificationsConfig.js';
import type { StoredEvent } from '../../../core/events/ports/EventOutbox.js';
import type { GatewayEvent } from '../../../core/plugin-api/types.js';
import { collectConditions, type ConditionSources } from '../../../core/notifications/alertRules.js';

const NOW = Date.parse('2026-12-03T12:00:00Z');
const MIN = 60_000;
const NIP = '5265877635';

/** The present state the rules read, as plain data (the rules are a function of it). */
function state(over: Partial<ConditionSources> = {}): ConditionSources {
  return {
    now: NOW, rules: notificationsSchema.parse({}).rules,
    paused: async () => new Map(), credentials: async () => [], certificates: async () => [], queue: async () => [],
    recentEvents: async () => [], isDelivered: async () => false, ...over,
  };
}
let seq = 0;
const stored = (event: GatewayEvent, minutesAgo: number): StoredEvent => ({ seq: ++seq, event, createdAt: NOW - minutesAgo * MIN });
const rejected = (n: number): StoredEvent => stored({ type: 'document-rejected', at: '', documentId: `d${n}`, erpId: `E${n}`, contextNip: NIP, message: '' }, 5);

describe('notification rules with their default thresholds', () => {
  it('alerts on documents waiting 60 minutes or more, not 59', async () => {
    const q = (minutes: number) => [{ contextNip: NIP, queued: 3, urgent: 0, oldestCreatedAt: NOW - minutes * MIN, bytes: 1, withAttachments: 0 }];
    expect(await collectConditions(state({ queue: async () => q(59) }))).toEqual([]);
    expect(await collectConditions(state({ queue: async () => q(60) }))).toEqual([expect.objectContaining({
      key: `documents-waiting/${NIP}`, contextNip: NIP, title: expect.stringContaining('3 document(s) of context 5265877635') })]);
  });

  it('alerts on more than 10 rejections of a context in the last hour', async () => {
    const events = (n: number) => async () => Array.from({ length: n }, (_, i) => rejected(i)).reverse();
    expect(await collectConditions(state({ recentEvents: events(10) }))).toEqual([]);
    expect((await collectConditions(state({ recentEvents: events(11) }))).map((c) => c.key)).toEqual([`rejections/${NIP}`]);
  });

  it('alerts on KSeF failing for 15 minutes, and not once it answered again', async () => {
    const down = stored({ type: 'ksef-unreachable', at: '', contextNip: NIP, message: '' }, 16);
    const up = stored({ type: 'ksef-reachable', at: '', contextNip: NIP, message: '' }, 1);
    expect((await collectConditions(state({ recentEvents: async () => [down] }))).map((c) => c.key)).toEqual([`ksef-unreachable/${NIP}`]);
    expect(await collectConditions(state({ recentEvents: async () => [up, down] }))).toEqual([]);
    const recent = stored({ type: 'ksef-unreachable', at: '', contextNip: NIP, message: '' }, 5);
    expect(await collectConditions(state({ recentEvents: async () => [recent] }))).toEqual([]);
  });

  it('raises a certificate at 30, 7 and 1 days as three levels of one episode', async () => {
    const at = async (daysLeft: number) => (await collectConditions(state({
      certificates: async () => [{ contextNip: NIP, notAfter: '2026-12-31T00:00:00Z', daysLeft }] }))).map((c) => `${c.key}:${c.level}:${c.urgent}`);
    expect(await at(31)).toEqual([]);
    expect(await at(30)).toEqual([`credential-expiring/${NIP}:30d:false`]);
    expect(await at(7)).toEqual([`credential-expiring/${NIP}:7d:false`]);
    expect(await at(1)).toEqual([`credential-expiring/${NIP}:1d:true`]);
  });

  it('raises a token with a stated expiry as its own episode, naming token add', async () => {
    const conditions = await collectConditions(state({
      certificates: async () => [{ contextNip: NIP, kind: 'token' as const, notAfter: '2026-12-31T23:59:59.999Z', daysLeft: 6 }] }));
    expect(conditions.map((c) => `${c.key}:${c.level}:${c.urgent}`)).toEqual([`credential-expiring/${NIP}/token:7d:false`]);
    expect(conditions[0]!.title).toBe(`The KSeF token of context ${NIP} ends in 6 days (2026-12-31T23:59:59.999Z).`);
    expect(conditions[0]!.action).toContain(`token add --nip ${NIP} --expires`);
  });

  it('alerts on outcome delivery failing until the documents are delivered', async () => {
    const failing = async () => [stored({ type: 'delivery-failing', at: '', documentId: 'd1', instance: 'erp', message: '' }, 30)];
    expect((await collectConditions(state({ recentEvents: failing })))[0]).toMatchObject({ key: 'delivery-failing/erp' });
    expect(await collectConditions(state({ recentEvents: failing, isDelivered: async () => true }))).toEqual([]);
  });

  it('alerts on a purchase sync behind by 120 minutes, or failing', async () => {
    const cursor = (minutesAgo: number, lastError: string | null) => async () => [{ contextNip: NIP, subjectType: 'Subject2' as const,
      continueFrom: null, hwm: null, lastSyncAt: NOW - minutesAgo * MIN, lastError, received: 0 }];
    expect(await collectConditions(state({ purchaseCursors: cursor(119, null) }))).toEqual([]);
    expect((await collectConditions(state({ purchaseCursors: cursor(120, null) }))).map((c) => c.rule)).toEqual(['purchase-sync-behind']);
    expect((await collectConditions(state({ purchaseCursors: cursor(10, 'HTTP 503') }))).map((c) => c.rule)).toEqual(['purchase-sync-behind']);
  });
});
