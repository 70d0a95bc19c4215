import { definePlugin, z, type Outcome } from '../../../core/plugin-api/index.js';
import type { PluginDefinition } from '../../../core/plugin-api/definePlugin.js';
import { GatewayError } from '../../../core/errors/GatewayError.js';
import { OutcomeRouter } from '../../../core/plugins/OutcomeRouter.js';
import { pluginEventConsumers } from '../../../core/plugins/pluginEventConsumers.js';
import { hostHarness } from './hostHarness.js';

const accepted = (erpId: string): Outcome => ({
  kind: 'accepted', documentId: `doc-${erpId}`, erpId, ksefNumber: '5265877635-20260101-0100001AF629-AF',
  acquisitionDate: '2026-01-01T10:00:00Z', upoXml: '<UPO/>', invoiceHash: 'aGFzaA==', verificationUrl: 'https://qr-test.ksef.mf.gov.pl/invoice/x',
});

function sink(id: string, got: string[], failFirst = false): PluginDefinition {
  let failed = !failFirst;
  return definePlugin({
    manifest: { id, version: '1.0.0', gatewayApi: '^1.0.0', kind: 'erp-adapter' },
    configSchema: z.object({}),
    create: (ctx) => ({
      async deliver(outcome) {
        if (!failed) { failed = true; throw new Error('ERP busy'); }
        got.push(`${ctx.instanceId}:${outcome.erpId}`);
      },
    }),
  }) as PluginDefinition;
}

describe('OutcomeRouter', () => {
  it("routes each outcome to the deliver() of the instance that submitted the document", async () => {
    const got: string[] = [];
    const { host, entries } = hostHarness({ s: sink('s', got) });
    await host.load(entries([{ use: 's', id: 'erp-a' }, { use: 's', id: 'erp-b' }]));
    const router = new OutcomeRouter(host.registry);
    await router.deliver('erp-b', accepted('B-1'));
    await router.deliver('erp-a', accepted('A-1'));
    expect(got).toEqual(['erp-b:B-1', 'erp-a:A-1']);
  });

  it('turns an unacknowledged delivery and an unknown instance into transient errors so the pipeline retries', async () => {
    const got: string[] = [];
    const { host, entries, logs } = hostHarness({ s: sink('s', got, true) });
    await host.load(entries([{ use: 's', id: 'erp-a' }]));
    const router = new OutcomeRouter(host.registry);
    const first = await router.deliver('erp-a', accepted('A-1')).catch((e) => e);
    expect(GatewayError.is(first, 'GW_PLUGIN_DELIVERY_FAILED')).toBe(true);
    expect(first.kind).toBe('transient');
    expect(logs().find((l) => l.msg === 'delivery not acknowledged')).toMatchObject({ instance: 'erp-a', docId: 'doc-A-1' });
    await router.deliver('erp-a', accepted('A-1'));
    expect(got).toEqual(['erp-a:A-1']);
    const gone = await router.deliver('removed', accepted('X')).catch((e) => e);
    expect(GatewayError.is(gone, 'GW_PLUGIN_UNKNOWN_INSTANCE')).toBe(true);
    expect(gone.kind).toBe('transient');
  });
});

describe('pluginEventConsumers', () => {
  it('makes every notifier and every adapter with onEvent a consumer of the events outbox, and no other adapter', async () => {
    const heard: string[] = [];
    const notifier = definePlugin({
      manifest: { id: 'pager', version: '1.0.0', gatewayApi: '^1.0.0', kind: 'notifier' },
      configSchema: z.object({}),
      create: () => ({ async notify(e) { heard.push(`pager:${e.type}`); } }),
    }) as PluginDefinition;
    const listening = definePlugin({
      manifest: { id: 'erp-events', version: '1.0.0', gatewayApi: '^1.0.0', kind: 'erp-adapter' },
      configSchema: z.object({}),
      create: () => ({ async deliver() {}, async onEvent(e) { heard.push(`erp:${e.type}`); } }),
    }) as PluginDefinition;
    const { host, entries } = hostHarness({ pager: notifier, 'erp-events': listening, s: sink('s', []) });
    await host.load(entries([{ use: 'pager', id: 'pager' }, { use: 'erp-events', id: 'erp-1' }, { use: 's', id: 'quiet' }]));
    const consumers = pluginEventConsumers(host.registry);
    expect(consumers.map((c) => c.id)).toEqual(['notifier:pager', 'adapter:erp-1']);
    for (const c of consumers) await c.deliver({ type: 'context-resumed', at: '2026-01-01T00:00:00Z', contextNip: '5265877635', message: 'resumed' });
    expect(heard).toEqual(['pager:context-resumed', 'erp:context-resumed']);
  });
});
