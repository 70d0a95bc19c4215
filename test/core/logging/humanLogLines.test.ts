import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../../core/config/loadConfig.js';
import { createLogger } from '../../../core/logging/createLogger.js';
import { DEMO_NIP } from '../../../core/di/GatewayApp.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { invoiceXml } from '../../support/pipeline/invoiceXml.js';
import { runCli } from '../../support/runCli.js';

function capture(isTTY = false) {
  const lines: string[] = [];
  const stream = Object.assign(new Writable({ write(c, _e, cb) { lines.push(...String(c).split('\n').filter(Boolean)); cb(); } }), isTTY ? { isTTY: true } : {});
  return { lines, stream };
}

describe('human log lines', () => {
  it('prints one short line per event: what happened to which document, with the KSeF number or the errors, and no JSON', () => {
    const { lines, stream } = capture();
    const log = createLogger({ format: 'pretty', destination: stream });
    log.info({ plugin: 'folder-inbox', instance: 'erp', erpId: 'FV-1', outcome: 'accepted', ksefNumber: '5265877635-20261203-0EAE607F2FA7-F1' }, 'outcome delivered');
    log.warn({ erpId: 'FV-2', errors: [{ code: 'FA3_TOTAL_MISMATCH', message: 'P_15 is 1.00 but the lines add up to 2050.99', location: 'Fa/P_15' }] }, 'document invalid; never sent to KSeF');
    log.warn({ err: new Error('connect ECONNREFUSED 127.0.0.1:9'), contextNip: DEMO_NIP }, 'KSeF call failed; context held back');
    expect(lines).toEqual([
      expect.stringMatching(/^\[\d\d:\d\d:\d\d(\.\d+)?\] INFO: outcome delivered: \[erp\], document FV-1, accepted, KSeF number 5265877635-20261203-0EAE607F2FA7-F1$/),
      expect.stringMatching(/^\[\d\d:\d\d:\d\d(\.\d+)?\] WARN: document invalid; never sent to KSeF: document FV-2, FA3_TOTAL_MISMATCH: P_15 is 1\.00 but the lines add up to 2050\.99$/),
      expect.stringMatching(/^\[\d\d:\d\d:\d\d(\.\d+)?\] WARN: KSeF call failed; context held back: context 5265877635, connect ECONNREFUSED 127\.0\.0\.1:9$/),
    ]);
  });

  it('never prints a secret the JSON would hide', () => {
    const { lines, stream } = capture();
    const log = createLogger({ format: 'pretty', destination: stream, secretPaths: ['contexts.*.credential.token'] });
    log.info({ token: 'tok-SECRET-1', reason: 'x', nested: { authorization: 'Bearer tok-SECRET-2' } }, 'credential stored');
    expect(lines.join('\n')).not.toMatch(/tok-SECRET/);
    expect(lines).toHaveLength(1);
  });

  it('chooses by the destination on auto: human lines on a terminal, JSON lines elsewhere', () => {
    const tty = capture(true);
    createLogger({ destination: tty.stream }).info({ erpId: 'FV-1' }, 'poll round');
    expect(tty.lines[0]).toMatch(/INFO.*poll round: document FV-1/);
    const file = capture(false);
    createLogger({ destination: file.stream }).info({ erpId: 'FV-1' }, 'poll round');
    expect(JSON.parse(file.lines[0])).toMatchObject({ msg: 'poll round', erpId: 'FV-1' });
    const forced = capture(true);
    createLogger({ destination: forced.stream, format: 'json' }).info({}, 'x');
    expect(JSON.parse(forced.lines[0])).toMatchObject({ msg: 'x' });
  });

  it('takes log.format from the config file and KSEF_GATEWAY_LOG_FORMAT, and refuses an unknown one naming the key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-log-format-'));
    writeFileSync(join(dir, 'gw.yaml'), 'log: { format: json }\n');
    expect(loadConfig({ file: join(dir, 'gw.yaml'), env: {} }).config.log.format).toBe('json');
    expect(loadConfig({ file: join(dir, 'gw.yaml'), env: { KSEF_GATEWAY_LOG_FORMAT: 'pretty' } }).config.log.format).toBe('pretty');
    expect(loadConfig({ embedded: true, env: {} }).config.log.format).toBe('auto');
    expect(() => loadConfig({ file: join(dir, 'gw.yaml'), env: { KSEF_GATEWAY_LOG_FORMAT: 'xml' } })).toThrow(/KSEF_GATEWAY_LOG_FORMAT|log\.format/);
  });

  it('start --log-format pretty prints human lines on stdout; json prints JSON lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-log-format-'));
    const inbox = join(dir, 'in');
    mkdirSync(inbox);
    writeFileSync(join(dir, 'gw.yaml'), [
      'ksef: { simulator: { enabled: true, rateLimits: "off" } }',
      'admin: { enabled: false }',
      'scheduler: { batchMaxWaitMs: 0 }',
      `plugins: [{ use: folder-inbox, id: erp, options: { inbox: ${JSON.stringify(inbox)}, stableForMs: 0 }, pollIntervalMs: 100 }]`,
    ].join('\n'));
    const env = { KSEF_GATEWAY_DATA_DIR: dir, KSEF_SCHEMAS_DIR: SCHEMAS_DIR, KSEF_GATEWAY_CONFIG: join(dir, 'gw.yaml') };
    writeFileSync(join(inbox, 'FV-P.xml'), invoiceXml({ sellerNip: DEMO_NIP, number: `FV/P/${Date.now()}` }));
    const pretty = await runCli(['start', '--once', '--once-timeout', '60', '--log-format', 'pretty'], env);
    expect(pretty.code).toBe(0);
    expect(pretty.out).toMatch(new RegExp(`INFO: outcome delivered: \\[erp\\], document FV-P, accepted, KSeF number ${DEMO_NIP}-\\d{8}-[0-9A-F]{12}-[0-9A-F]{2}`));
    expect(pretty.out).toMatch(new RegExp(`INFO: sent to KSeF: document FV-P, context ${DEMO_NIP}`));
    expect(pretty.out).not.toMatch(/^\{"level"/m);
    writeFileSync(join(inbox, 'FV-J.xml'), invoiceXml({ sellerNip: DEMO_NIP, number: `FV/J/${Date.now()}` }));
    const json = await runCli(['start', '--once', '--once-timeout', '60', '--log-format', 'json'], env);
    expect(json.code).toBe(0);
    expect(json.out).toMatch(/^\{"level":30,.*"erpId":"FV-J","outcome":"accepted","ksefNumber":"[^"]+","msg":"outcome delivered"\}$/m);
    expect((await runCli(['start', '--log-format', 'xml'], env)).code).toBe(2);
  });
});
