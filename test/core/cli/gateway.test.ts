import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { DEMO_NIP } from '../../../core/di/GatewayApp.js';
import { runCli } from '../../support/runCli.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { invoiceXml } from '../../support/pipeline/invoiceXml.js';

const cli = runCli;

describe('gateway CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gw-cli-'));
  const env = { KSEF_GATEWAY_DATA_DIR: dir, KSEF_SCHEMAS_DIR: SCHEMAS_DIR, KSEF_GATEWAY_CONFIG: join(dir, 'gw.yaml'), KSEF_GATEWAY_LOG_LEVEL: 'silent' };
  writeFileSync(env.KSEF_GATEWAY_CONFIG, 'ksef: { simulator: { enabled: true, rateLimits: "off" } }\nadmin: { enabled: false }\n');

  it('submit stores good files in the outbox, reports a bad one with its reason, and exits 1', async () => {
    writeFileSync(join(dir, 'FV-1.xml'), invoiceXml({ sellerNip: DEMO_NIP, number: `FV/CLI/${Date.now()}` }));
    writeFileSync(join(dir, 'FV-2.json'), '{ not json');
    const { out, code } = await cli(['submit', join(dir, 'FV-1.xml'), join(dir, 'FV-2.json')], env);
    expect(code).toBe(1);
    expect(out).toMatch(/FV-1\.xml\s+\S+\s+queued/);
    expect(out).toMatch(/FV-2\.json\s+not stored\s+.*not valid JSON/);
    const again = await cli(['submit', join(dir, 'FV-1.xml')], env);
    expect(again.out).toMatch(/queued\s+already submitted/);
  });

  it('status counts an invalid document under the context its message names, and explains the status words', async () => {
    const other = mkdtempSync(join(tmpdir(), 'gw-cli-'));
    const ownEnv = { ...env, KSEF_GATEWAY_DATA_DIR: other };
    const wrongTotal = invoiceXml({ sellerNip: DEMO_NIP, number: `FV/BAD/${Date.now()}` }).replace(/<P_15>[^<]*<\/P_15>/, '<P_15>1.00</P_15>');
    writeFileSync(join(other, 'FV-BAD.xml'), wrongTotal);
    expect((await cli(['submit', join(other, 'FV-BAD.xml')], ownEnv)).out).toMatch(/FV-BAD\.xml\s+\S+\s+invalid/);
    const { out } = await cli(['status'], ownEnv);
    expect(out).toMatch(new RegExp(`${DEMO_NIP}\\s+0\\s+1\\s+0\\s`));
    expect(out).not.toContain('(none)');
    expect(out).toMatch(/delivered\s+.*handed to the ERP/);
    expect(out).toMatch(/invalid\s+.*never sent/);
  });

  it('status shows counts per state and context', async () => {
    const { out, code } = await cli(['status'], env);
    expect(code).toBe(0);
    expect(out).toMatch(new RegExp(`${DEMO_NIP}\\s+0\\s+0\\s+1\\s`));
    const json = JSON.parse((await cli(['status', '--json'], env)).out);
    expect(json.counts).toEqual([{ contextNip: DEMO_NIP, state: 'queued', count: 1 }]);
  });

  it('upo get and retry refuse a document that has no outcome yet, naming it (exit 1)', async () => {
    const id = (await cli(['submit', join(dir, 'FV-1.xml')], env)).out.match(/FV-1\.xml\s+(\S+)/)![1];
    const upo = await cli(['upo', 'get', id], env);
    expect(upo.code).toBe(1);
    expect(upo.err).toContain(`Document ${id} has no UPO (state queued)`);
    const retry = await cli(['retry', id], env);
    expect(retry.code).toBe(1);
    expect(retry.err).toContain(`Document ${id} is queued`);
  });

  it('doctor passes against the in-process simulator, its demo token authenticating', async () => {
    const { out, code } = await cli(['doctor'], env);
    expect(out).toMatch(/config\s+ok/);
    expect(out).toMatch(/FA\(3\) schemas\s+ok/);
    expect(out).toMatch(/KSeF reachable\s+ok\s+http:\/\/127\.0\.0\.1:\d+\/v2 \(in-process simulator\)/);
    expect(out).toMatch(new RegExp(`context ${DEMO_NIP} authentication\\s+ok`));
    expect(code).toBe(0);
  });

  it('doctor reports an unreachable KSeF as a transient failure (exit 3) and never prints the token', async () => {
    const other = mkdtempSync(join(tmpdir(), 'gw-cli-'));
    writeFileSync(join(other, 'gw.yaml'), 'ksef: { baseUrl: "http://127.0.0.1:9/v2" }\nadmin: { enabled: false }\n');
    const { out, code } = await cli(['doctor'], { ...env, KSEF_GATEWAY_DATA_DIR: other, KSEF_GATEWAY_CONFIG: join(other, 'gw.yaml'), KSEF_NIP: DEMO_NIP, KSEF_TOKEN: 'tok-SECRET-123' });
    expect(out).toMatch(/KSeF reachable\s+fail\s+http:\/\/127\.0\.0\.1:9\/v2/);
    // The configured token is present; KSeF has never accepted it, which doctor shows as a warning.
    expect(out).toMatch(new RegExp(`context ${DEMO_NIP} credential\\s+(ok\\s+token from configuration|warn\\s+.*unverified)`));
    expect(code).toBe(3);
    expect(out).not.toContain('tok-SECRET-123');
  });

  it('doctor checks plugin options as start does (unknown key with its near miss, exit 2)', async () => {
    const other = mkdtempSync(join(tmpdir(), 'gw-cli-'));
    writeFileSync(join(other, 'gw.yaml'), [
      'ksef: { simulator: { enabled: true, rateLimits: "off" } }',
      'admin: { enabled: false }',
      'plugins: [{ use: folder-inbox, id: inbox, options: { inbx: ./in } }]',
    ].join('\n'));
    const { out, code } = await cli(['doctor'], { ...env, KSEF_GATEWAY_DATA_DIR: other, KSEF_GATEWAY_CONFIG: join(other, 'gw.yaml') });
    expect(out).toMatch(/plugins\s+fail\s+plugins\[0\] "inbox" \(plugin folder-inbox@[\d.]+\): options\.inbx: unknown key \(did you mean inbox\?\)/);
    expect(code).toBe(2);
  });

  it('doctor refuses to create a master key beside an existing vault and names KSEF_GATEWAY_MASTER_KEY and the key file (exit 2)', async () => {
    const other = mkdtempSync(join(tmpdir(), 'gw-cli-'));
    writeFileSync(join(other, 'vault.sqlite'), '');
    const { err, code } = await cli(['doctor'], { ...env, KSEF_GATEWAY_DATA_DIR: other, KSEF_GATEWAY_MASTER_KEY: '' });
    expect(code).toBe(2);
    expect(err).toContain('KSEF_GATEWAY_MASTER_KEY');
    expect(err).toContain(join(other, 'master.key'));
    expect(existsSync(join(other, 'master.key'))).toBe(false);
  });

  it('token add with no KSeF configured warns loudly, and the token shows as unverified in token status and status', async () => {
    const other = mkdtempSync(join(tmpdir(), 'gw-cli-'));
    const ownEnv = { ...env, KSEF_GATEWAY_DATA_DIR: other, ODD_VALUE: 'x' };
    const added = await cli(['token', 'add', '--nip', '1111111111', '--from-env', 'ODD_VALUE'], ownEnv);
    expect(added.code).toBe(0);
    expect(added.err).toMatch(/WARNING: the token of context 1111111111 was stored WITHOUT verification: no KSeF endpoint is configured/);
    expect(added.err).toMatch(/WARNING: the value does not look like a KSeF token/);
    const tokenStatus = await cli(['token', 'status', '--nip', '1111111111'], ownEnv);
    expect(tokenStatus.out).toMatch(/status: active \(unverified: KSeF has not accepted it yet\)/);
    const status = await cli(['status'], ownEnv);
    expect(status.out).toMatch(/1111111111\s+token\s+active \(unverified: KSeF has not accepted it yet\)/);
  });

  it('start without any configuration refuses (exit 2) and points to demo instead of running the simulator', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'gw-cli-'));
    const saved = process.cwd();
    process.chdir(empty);
    try {
      const { err, code } = await cli(['start', '--once'], { ...env, KSEF_GATEWAY_CONFIG: '', KSEF_GATEWAY_DATA_DIR: empty });
      expect(code).toBe(2);
      expect(err).toMatch(/GW_CONFIG_NONE|No configuration/);
      expect(err).toContain('run `demo`');
      expect(existsSync(join(empty, 'gateway.sqlite'))).toBe(false);
    } finally {
      process.chdir(saved);
    }
  });

  it('refuses a --once-timeout that is not a positive number as a usage error (exit 2)', async () => {
    const { code } = await cli(['start', '--once', '--once-timeout', 'abc'], env);
    expect(code).toBe(2);
  });

  it('start refuses a config with a literal secret, naming the key (exit 2)', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, `contexts: [{ nip: "${DEMO_NIP}", credential: { kind: token, token: "literal-SECRET" } }]\n`);
    const { err, code } = await cli(['start', '--config', bad], env);
    expect(code).toBe(2);
    expect(err).toContain('contexts[0].credential.token: a secret must be an environment reference');
    expect(err).not.toContain('literal-SECRET');
  });

  it('submit refuses Windows-1250 bytes in a file that declares UTF-8, naming line and column, and transcodes a file declaring windows-1250 only with --transcode', async () => {
    const xml = invoiceXml({ sellerNip: DEMO_NIP, number: `FV/ENC/${Date.now()}` }).replace(/<P_7>[^<]*<\/P_7>/, '<P_7>Usługa w Krakowie</P_7>');
    // The first character outside ASCII is where the Windows-1250 bytes stop being UTF-8.
    const first = xml.search(/[^ -~\t\r\n]/);
    const line = xml.slice(0, first).split('\n').length;
    const column = first - xml.lastIndexOf('\n', first);
    writeFileSync(join(dir, 'ENC-1.xml'), iconv.encode(xml, 'windows-1250'));
    const lossy = await cli(['submit', join(dir, 'ENC-1.xml')], env);
    expect(lossy.code).toBe(1);
    expect(lossy.out).toMatch(new RegExp(`ENC-1\\.xml\\s+not stored\\s+.*line ${line}, column ${column} `));
    writeFileSync(join(dir, 'ENC-2.xml'), iconv.encode(xml.replace('encoding="UTF-8"', 'encoding="windows-1250"'), 'windows-1250'));
    expect((await cli(['submit', join(dir, 'ENC-2.xml')], env)).out).toMatch(/ENC-2\.xml\s+not stored\s+.*declares encoding windows-1250/);
    expect((await cli(['submit', '--transcode', join(dir, 'ENC-2.xml')], env)).out).toMatch(/ENC-2\.xml\s+\S+\s+queued/);
  });
});
