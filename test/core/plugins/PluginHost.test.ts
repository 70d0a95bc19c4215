import { definePlugin, secret, z, type PluginContext } from '../../../core/plugin-api/index.js';
import type { PluginDefinition } from '../../../core/plugin-api/definePlugin.js';
import { GatewayError } from '../../../core/errors/GatewayError.js';
import { hostHarness } from './hostHarness.js';

function recorder(id: string, calls: string[], extra: Partial<{ start: () => Promise<void>; create: (ctx: PluginContext<{ n: number }>) => void }> = {}): PluginDefinition {
  return definePlugin({
    manifest: { id, version: '1.0.0', gatewayApi: '^1.0.0', kind: 'erp-adapter' },
    configSchema: z.object({ n: z.number().default(1) }),
    create(ctx) {
      calls.push(`create ${ctx.instanceId}`);
      extra.create?.(ctx);
      return {
        async start() { calls.push(`start ${ctx.instanceId}`); await extra.start?.(); },
        async stop() { calls.push(`stop ${ctx.instanceId}`); },
        async deliver() {},
      };
    },
  }) as PluginDefinition;
}

function configIssues(err: unknown): string[] {
  expect(GatewayError.is(err, 'GW_CONFIG_INVALID')).toBe(true);
  return (err as GatewayError).details!.issues as string[];
}

describe('PluginHost', () => {
  it('creates and starts instances in config order and stops them in reverse', async () => {
    const calls: string[] = [];
    const { host, entries } = hostHarness({ a: recorder('plug-a', calls), b: recorder('plug-b', calls) });
    await host.load(entries([{ use: 'a', id: 'first' }, { use: 'b', id: 'second' }, { use: 'a', id: 'third' }]));
    await host.start();
    await host.stop();
    expect(calls).toEqual(['create first', 'create second', 'create third', 'start first', 'start second', 'start third',
      'stop third', 'stop second', 'stop first']);
    expect(host.registry.all().map((p) => p.instanceId)).toEqual(['first', 'second', 'third']);
  });

  it('gives each instance its id, frozen validated config, a {plugin, instance} logger, a clock and a shutdown signal', async () => {
    let seen: PluginContext<{ n: number }> | undefined;
    const { host, entries, logs } = hostHarness({ a: recorder('plug-a', [], { create: (ctx) => { seen = ctx; ctx.logger.info({ x: 1 }, 'hello'); } }) });
    await host.load(entries([{ use: 'a', id: 'erp-one', options: { n: 7 } }]));
    expect(seen!.instanceId).toBe('erp-one');
    expect(seen!.config).toEqual({ n: 7 });
    expect(Object.isFrozen(seen!.config)).toBe(true);
    expect(seen!.clock.now().toISOString()).toBe('2026-01-02T03:04:05.000Z');
    expect(seen!.dataDir).toMatch(/plugins[/\\]erp-one$/);
    expect(logs().find((l) => l.msg === 'hello')).toMatchObject({ plugin: 'plug-a', instance: 'erp-one', x: 1 });
    expect(seen!.signal.aborted).toBe(false);
    await host.start();
    await host.stop();
    expect(seen!.signal.aborted).toBe(true);
  });

  it('refuses a plugin whose gatewayApi range excludes this gateway, naming plugin and key, and creates nothing', async () => {
    const calls: string[] = [];
    const old = { ...recorder('old-plugin', calls), manifest: { id: 'old-plugin', version: '3.0.0', gatewayApi: '^0.9.0', kind: 'erp-adapter' } } as PluginDefinition;
    const { host, entries } = hostHarness({ ok: recorder('fine', calls), old });
    const err = await host.load(entries([{ use: 'ok', id: 'fine' }, { use: 'old', id: 'legacy' }])).catch((e) => e);
    expect(configIssues(err)).toEqual(['plugins[1] "legacy" (plugin old-plugin@3.0.0): manifest.gatewayApi: needs plugin API ^0.9.0, this gateway provides 1.0.0']);
    expect(calls).toEqual([]);
  });

  it('reports every bad manifest and every bad option of every plugin at once', async () => {
    const strict = definePlugin({
      manifest: { id: 'strict', version: '1.0.0', gatewayApi: '^1.0.0', kind: 'erp-adapter' },
      configSchema: z.object({ url: z.url(), retries: z.number().int() }),
      create: () => ({ async deliver() {} }),
    }) as PluginDefinition;
    const broken = { manifest: { id: 'Not Kebab', version: 'one', gatewayApi: '^1.0.0', kind: 'erp-adapter' }, configSchema: z.object({}), create: () => ({}) };
    const { host, entries } = hostHarness({ strict, broken: broken as unknown as PluginDefinition });
    const err = await host.load(entries([
      { use: 'strict', id: 's1', options: { url: 'not a url', retries: 'x' } },
      { use: 'broken', id: 'b1' },
      { use: 'missing-one', id: 'm1' },
      { use: 'strict', id: 's1', options: { url: 'http://erp', retries: 1 } },
    ])).catch((e) => e);
    const issues = configIssues(err);
    expect(issues).toEqual(expect.arrayContaining([
      expect.stringMatching(/^plugins\[0\] "s1" \(plugin strict@1\.0\.0\): options\.url: /),
      expect.stringMatching(/^plugins\[0\] "s1" \(plugin strict@1\.0\.0\): options\.retries: /),
      expect.stringMatching(/^plugins\[1\] "b1" \(use: broken\): manifest\.id: must be kebab-case/),
      expect.stringMatching(/^plugins\[1\] "b1" \(use: broken\): manifest\.version: must be a semver version/),
      expect.stringMatching(/^plugins\[2\]\.use: cannot load plugin 'missing-one' \(built-in ids: strict, broken/),
      'plugins[3].id: instance id "s1" is already used by plugins[0]',
    ]));
    expect(issues).toHaveLength(6);
  });

  it('refuses an unknown plugin option at every depth even when the plugin schema would strip it, with a near miss; check() creates nothing', async () => {
    const calls: string[] = [];
    const lenient = definePlugin({
      manifest: { id: 'lenient', version: '1.0.0', gatewayApi: '^1.0.0', kind: 'erp-adapter' },
      configSchema: z.object({ pollIntervalMs: z.number().optional(), erp: z.object({ url: z.string() }).optional() }),
      create: () => { calls.push('create'); return { async deliver() {} }; },
    }) as PluginDefinition;
    const { host, entries } = hostHarness({ lenient });
    const bad = entries([{ use: 'lenient', id: 'l1', options: { pollIntervallMs: 5, erp: { url: 'x', usr: 'y' } } }]);
    const err = await host.checkEntries(bad).catch((e) => e);
    expect(configIssues(err)).toEqual([
      'plugins[0] "l1" (plugin lenient@1.0.0): options.pollIntervallMs: unknown key (did you mean pollIntervalMs?)',
      'plugins[0] "l1" (plugin lenient@1.0.0): options.erp.usr: unknown key (did you mean url?)',
    ]);
    await expect(host.load(bad)).rejects.toThrow(/pollIntervallMs: unknown key/);
    await host.checkEntries(entries([{ use: 'lenient', id: 'l1', options: { pollIntervalMs: 5 } }]));
    expect(calls).toEqual([]);
  });

  it('accepts a secret option only as an environment reference and redacts it in the plugin log', async () => {
    const withSecret = definePlugin({
      manifest: { id: 'erp', version: '1.0.0', gatewayApi: '^1.0.0', kind: 'erp-adapter' },
      configSchema: z.object({ user: z.string(), erpPassword: secret() }),
      create(ctx) { ctx.logger.info({ options: ctx.config, erpPassword: ctx.config.erpPassword }, 'configured'); return { async deliver() {} }; },
    }) as PluginDefinition;
    const literal = hostHarness({ erp: withSecret });
    const err = await literal.host.load(literal.entries([{ use: 'erp', id: 'e', options: { user: 'u', erpPassword: 'pw-LITERAL' } }])).catch((e) => e);
    expect(configIssues(err)).toEqual([expect.stringMatching(/^plugins\[0\] "e" \(plugin erp@1\.0\.0\): options\.erpPassword: a secret must be an environment reference/)]);
    expect(err.message).not.toContain('pw-LITERAL');

    const byRef = hostHarness({ erp: withSecret }, { envRefPaths: ['plugins[0].options.erpPassword'] });
    await byRef.host.load(byRef.entries([{ use: 'erp', id: 'e', options: { user: 'u', erpPassword: 'pw-FROM-ENV' } }]));
    expect(byRef.text()).toContain('configured');
    expect(byRef.text()).not.toContain('pw-FROM-ENV');
  });

  it('fails start-up when create() exceeds its timeout and stops the instances created before', async () => {
    const calls: string[] = [];
    const slow = definePlugin({
      manifest: { id: 'slow', version: '1.0.0', gatewayApi: '^1.0.0', kind: 'erp-adapter' },
      configSchema: z.object({}),
      create: () => new Promise<never>(() => {}),
    }) as PluginDefinition;
    const { host, entries } = hostHarness({ a: recorder('plug-a', calls), slow });
    const err = await host.load(entries([{ use: 'a', id: 'first' }, { use: 'slow', id: 'sloth', createTimeoutMs: 30 }])).catch((e) => e);
    expect(GatewayError.is(err, 'GW_PLUGIN_CREATE_TIMEOUT')).toBe(true);
    expect(err.message).toBe('plugin slow (instance sloth): create() did not finish within 30 ms');
    expect(calls).toEqual(['create first', 'stop first']);
  });

  it('refuses an erp-adapter whose create() returns no deliver()', async () => {
    const hollow = definePlugin({
      manifest: { id: 'hollow', version: '1.0.0', gatewayApi: '^1.0.0', kind: 'erp-adapter' },
      configSchema: z.object({}),
      create: () => ({}) as never,
    }) as PluginDefinition;
    const { host, entries } = hostHarness({ hollow });
    await expect(host.load(entries([{ use: 'hollow', id: 'h' }]))).rejects.toThrow('plugin hollow (instance h): create() must return an object with deliver() for kind erp-adapter');
  });

  it('stops already started instances when a later start() fails and names the failing plugin', async () => {
    const calls: string[] = [];
    const { host, entries } = hostHarness({ a: recorder('plug-a', calls), b: recorder('plug-b', calls, { start: async () => { throw new Error('ERP offline'); } }) });
    await host.load(entries([{ use: 'a', id: 'first' }, { use: 'b', id: 'second' }]));
    const err = await host.start().catch((e) => e);
    expect(GatewayError.is(err, 'GW_PLUGIN_START_FAILED')).toBe(true);
    expect(err.message).toBe('plugin plug-b (instance second): start() failed: ERP offline');
    expect(calls.slice(2)).toEqual(['start first', 'start second', 'stop first']);
  });

  it('turns a throwing or hanging check() into down and uses reported health when there is no check()', async () => {
    const mk = (id: string, check?: () => Promise<{ status: 'up' | 'down' }>, report?: boolean) => definePlugin({
      manifest: { id, version: '1.0.0', gatewayApi: '^1.0.0', kind: 'erp-adapter' },
      configSchema: z.object({}),
      create(ctx) {
        if (report) ctx.health.report({ status: 'degraded', detail: 'ERP slow' });
        return { check, async deliver() {} };
      },
    }) as PluginDefinition;
    const { host, entries } = hostHarness({
      good: mk('good', async () => ({ status: 'up' })),
      bad: mk('bad', async () => { throw new Error('ERP DB gone'); }),
      hung: mk('hung', () => new Promise(() => {})),
      quiet: mk('quiet'),
      told: mk('told', undefined, true),
    }, { checkTimeoutMs: 50 });
    await host.load(entries(['good', 'bad', 'hung', 'quiet', 'told'].map((id) => ({ use: id, id }))));
    await expect(host.check()).resolves.toEqual({
      good: { status: 'up' },
      bad: { status: 'down', detail: 'ERP DB gone' },
      hung: { status: 'down', detail: 'check() did not answer within 50 ms' },
      quiet: { status: 'up' },
      told: { status: 'degraded', detail: 'ERP slow' },
    });
  });

  it('submits polled documents for their instance, skips a bad one without stopping the rest, and confirms each', async () => {
    const confirmed: string[] = [];
    const puller = definePlugin({
      manifest: { id: 'puller', version: '1.0.0', gatewayApi: '^1.0.0', kind: 'erp-adapter' },
      configSchema: z.object({}),
      create: () => ({
        async poll() {
          return ['A-1', 'bad-2', 'A-3'].map((erpId) => ({ erpId, payload: { format: 'fa3-xml' as const, xml: '<Faktura/>' } }));
        },
        async onSubmitted(receipt) { confirmed.push(receipt.erpId); },
        async deliver() {},
      }),
    }) as PluginDefinition;
    const { host, entries, submitted, logs } = hostHarness({ puller });
    await host.load(entries([{ use: 'puller', id: 'erp-x' }]));
    await host.start();
    await expect(host.pollAll()).resolves.toBe(2);
    expect(submitted.map((s) => `${s.source}:${s.document.erpId}`)).toEqual(['erp-x:A-1', 'erp-x:A-3']);
    expect(confirmed).toEqual(['A-1', 'A-3']);
    expect(logs().find((l) => l.msg === 'document not taken')).toMatchObject({ erpId: 'bad-2', instance: 'erp-x' });
    await host.stop();
  });

  // Under Jest the fixture is TypeScript; a built gateway loads the compiled .js the same way.
  it('loads a plugin from a ./path relative to the config folder', async () => {
    const { host, entries } = hostHarness({});
    await host.load(entries([{ use: './fixtures/pathPlugin.ts', id: 'by-path' }]));
    expect(host.registry.get('by-path')?.definition.manifest.id).toBe('path-plugin');
  });

  it('resolves an npm package name and refuses a package that is not a plugin, naming the entry', async () => {
    const { host, entries } = hostHarness({});
    const err = await host.load(entries([{ use: 'semver', id: 'not-a-plugin' }])).catch((e) => e);
    expect(configIssues(err)).toEqual(expect.arrayContaining([expect.stringMatching(/^plugins\[0\] "not-a-plugin" \(use: semver\): manifest: /)]));
  });

  it('tells every notifier about an event and survives a failing one', async () => {
    const got: string[] = [];
    const mk = (id: string, fail: boolean) => definePlugin({
      manifest: { id, version: '1.0.0', gatewayApi: '^1.0.0', kind: 'notifier' },
      configSchema: z.object({}),
      create: () => ({ async notify(e) { if (fail) throw new Error('smtp down'); got.push(`${id}:${e.type}`); } }),
    }) as PluginDefinition;
    const { host, entries, logs } = hostHarness({ n1: mk('n1', true), n2: mk('n2', false) });
    await host.load(entries([{ use: 'n1', id: 'n1' }, { use: 'n2', id: 'n2' }]));
    await host.notify({ type: 'ksef-unreachable', at: '2026-01-01T00:00:00Z', message: 'down' });
    expect(got).toEqual(['n2:ksef-unreachable']);
    expect(logs().find((l) => l.msg === 'notify failed')).toMatchObject({ instance: 'n1' });
  });
});

describe('PluginHost polling', () => {
  it('never runs two poll rounds of one instance at the same time', async () => {
    let active = 0;
    let maxActive = 0;
    let calls = 0;
    const slow = definePlugin({
      manifest: { id: 'slow-poll', version: '1.0.0', gatewayApi: '^1.0.0', kind: 'erp-adapter' },
      configSchema: z.object({}),
      create: () => ({
        async poll() {
          calls += 1;
          active += 1;
          maxActive = Math.max(maxActive, active);
          await new Promise((r) => setTimeout(r, 30));
          active -= 1;
          return [];
        },
        async deliver() {},
      }),
    }) as PluginDefinition;
    const { host, entries } = hostHarness({ slow });
    await host.load(entries([{ use: 'slow', id: 'p', pollIntervalMs: 1 }]));
    await host.start();
    await Promise.all([host.pollAll(), host.pollAll(), host.pollAll()]);
    await host.stop();
    expect(maxActive).toBe(1);
    expect(calls).toBeGreaterThanOrEqual(1);
  });
});
