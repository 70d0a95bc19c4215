import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayError } from '../../../core/errors/GatewayError.js';
import { EMBEDDED_DEFAULTS, loadConfig } from '../../../core/config/loadConfig.js';

function dirWith(yaml?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'gw-config-'));
  if (yaml !== undefined) writeFileSync(join(dir, 'ksef-gateway.yaml'), yaml);
  return dir;
}

function issuesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(GatewayError.is(err, 'GW_CONFIG_INVALID')).toBe(true);
    expect((err as GatewayError).kind).toBe('config');
    return (err as GatewayError).details?.issues as string[];
  }
  throw new Error('expected a config error');
}

describe('loadConfig', () => {
  it('uses the embedded demo defaults when there is no file and no KSEF_GATEWAY_CONFIG', () => {
    const loaded = loadConfig({ cwd: dirWith(), env: {} });
    expect(loaded.source).toBe(EMBEDDED_DEFAULTS);
    expect(loaded.config.ksef.simulator.enabled).toBe(true);
    expect(loaded.config.plugins.map((p) => p.use)).toEqual(['folder-inbox']);
    expect(loaded.config.admin).toEqual({ enabled: true, host: '127.0.0.1', port: 0 });
  });

  it('reads ./ksef-gateway.yaml and fills defaults for missing sections', () => {
    const cwd = dirWith('ksef:\n  environment: demo\ncontexts:\n  - nip: "5265877635"\n');
    const { config, source } = loadConfig({ cwd, env: {} });
    expect(source).toBe(join(cwd, 'ksef-gateway.yaml'));
    expect(config.ksef.environment).toBe('demo');
    expect(config.ksef.simulator.enabled).toBe(false);
    expect(config.contexts).toEqual([{ nip: '5265877635', credential: { kind: 'token' }, attachments: false }]);
    expect(config.scheduler.batchMaxInvoices).toBe(10_000);
    expect(config.admin.port).toBe(9464);
  });

  it('prefers KSEF_GATEWAY_CONFIG and fails clearly when that file is missing', () => {
    const cwd = dirWith('log: { level: debug }\n');
    expect(() => loadConfig({ cwd, env: { KSEF_GATEWAY_CONFIG: 'nope.yaml' } })).toThrow(/Config file not found: .*nope\.yaml/);
    writeFileSync(join(cwd, 'other.yaml'), 'log: { level: warn }\n');
    expect(loadConfig({ cwd, env: { KSEF_GATEWAY_CONFIG: 'other.yaml' } }).config.log.level).toBe('warn');
  });

  it('reports every invalid key at once, each by its path', () => {
    const cwd = dirWith([
      'admin: { port: 99999 }',
      'contexts:',
      '  - nip: "12"',
      'plugins:',
      '  - { use: x, id: Bad_Id }',
      'typo: 1',
    ].join('\n'));
    const issues = issuesOf(() => loadConfig({ cwd, env: {} }));
    expect(issues.some((i) => i.startsWith('admin.port:'))).toBe(true);
    expect(issues.some((i) => i.startsWith('contexts[0].nip: a NIP is 10 digits'))).toBe(true);
    expect(issues.some((i) => i.startsWith('plugins[0].id: an instance id is kebab-case'))).toBe(true);
    expect(issues.some((i) => i.includes('typo'))).toBe(true);
  });

  it('rejects a YAML syntax error naming the file', () => {
    const cwd = dirWith('admin: [1, 2\n');
    expect(() => loadConfig({ cwd, env: {} })).toThrow(/ksef-gateway\.yaml is not valid YAML/);
  });

  it('expands ${VAR} references and names the key whose variable is unset', () => {
    const cwd = dirWith('dataDir: ${DATA_ROOT}/gw\nschemasDir: ${NOT_SET}\nlog: { level: "${LVL:-warn}" }\n');
    const { config } = loadConfig({ cwd, env: { DATA_ROOT: '/srv', NOT_SET: '/x' } });
    expect(config.dataDir).toBe('/srv/gw');
    expect(config.log.level).toBe('warn');
    const issues = issuesOf(() => loadConfig({ cwd, env: { DATA_ROOT: '/srv' } }));
    expect(issues).toContain('schemasDir: environment variable NOT_SET is not set');
  });

  it('accepts a token only as an environment reference, never as a literal in the file', () => {
    const literal = dirWith('contexts:\n  - nip: "5265877635"\n    credential: { kind: token, token: "abc-secret" }\n');
    const issues = issuesOf(() => loadConfig({ cwd: literal, env: {} }));
    expect(issues).toEqual([expect.stringMatching(/^contexts\[0\]\.credential\.token: a secret must be an environment reference/)]);
    expect(issues.join()).not.toContain('abc-secret');
    const byRef = dirWith('contexts:\n  - nip: "5265877635"\n    credential: { kind: token, token: "${MY_TOKEN}" }\n');
    const { config } = loadConfig({ cwd: byRef, env: { MY_TOKEN: 'abc-secret' } });
    expect(config.contexts[0].credential).toEqual({ kind: 'token', token: 'abc-secret' });
  });

  it('applies KSEF_* and KSEF_GATEWAY_* environment overrides over the file', () => {
    const cwd = dirWith('admin: { port: 1000 }\ncontexts:\n  - nip: "5265877635"\n');
    const { config } = loadConfig({
      cwd,
      env: {
        KSEF_BASE_URL: 'http://127.0.0.1:5555/v2', KSEF_NIP: '1111111111', KSEF_TOKEN: 'tok', KSEF_SCHEMAS_DIR: '/schemas',
        KSEF_GATEWAY_DATA_DIR: '/data', KSEF_GATEWAY_ADMIN_PORT: '2000', KSEF_GATEWAY_LOG_LEVEL: 'debug', KSEF_GATEWAY_SIMULATOR: 'true',
      },
    });
    expect(config.ksef.baseUrl).toBe('http://127.0.0.1:5555/v2');
    expect(config.ksef.simulator.enabled).toBe(true);
    expect(config.contexts.map((c) => c.nip)).toEqual(['1111111111', '5265877635']);
    expect(config.contexts[0].credential).toEqual({ kind: 'token', token: 'tok' });
    expect(config).toMatchObject({ schemasDir: '/schemas', dataDir: '/data', admin: { port: 2000 }, log: { level: 'debug' } });
  });

  it('reports an environment override with a bad value against the variable, not the file', () => {
    const issues = issuesOf(() => loadConfig({ cwd: dirWith('admin: { port: 80 }\n'), env: { KSEF_GATEWAY_ADMIN_PORT: 'abc', KSEF_GATEWAY_LOG_LEVEL: 'loud' } }));
    expect(issues).toEqual(expect.arrayContaining([
      expect.stringMatching(/^KSEF_GATEWAY_LOG_LEVEL \(environment, sets log\.level\): /),
      expect.stringMatching(/^KSEF_GATEWAY_ADMIN_PORT \(environment, sets admin\.port\): .*number/),
    ]));
    expect(issues).toHaveLength(2);
  });

  it('refuses an unknown key inside a section, with the near miss it probably meant', () => {
    const cwd = dirWith([
      'scheduler: { batchMaxWaitMS: 1000 }',
      'ksef: { simulator: { enabeld: true } }',
      'contexts:',
      '  - nip: "5265877635"',
      '    credential: { kind: certificate, credentialID: x }',
      'plugins:',
      '  - { use: folder-inbox, id: inbox, pollIntervallMs: 500 }',
      'admin: { zzzzzz: 1 }',
    ].join('\n'));
    const issues = issuesOf(() => loadConfig({ cwd, env: {} }));
    expect(issues).toEqual(expect.arrayContaining([
      'scheduler.batchMaxWaitMS: unknown key (did you mean batchMaxWaitMs?)',
      'ksef.simulator.enabeld: unknown key (did you mean enabled?)',
      'contexts[0].credential.credentialID: unknown key (did you mean credentialId?)',
      'plugins[0].pollIntervallMs: unknown key (did you mean pollIntervalMs?)',
      'admin.zzzzzz: unknown key (known: enabled, host, port, tls)',
    ]));
    expect(issues).toHaveLength(5);
  });
});
