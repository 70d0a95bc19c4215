import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExitCode } from '../../../core/cli/exitCodes.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';

const bin = join(process.cwd(), 'dist', 'bin', 'ksef-gateway.js');

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { env: { ...process.env, KSEF_GATEWAY_CONFIG: '', ...env }, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('ksef-gateway (built CLI): exit codes and pipes', () => {

  it('ends a usage error (unknown option, missing argument, unknown command) with exit 2, as docs/cli.md says', () => {
    for (const args of [['start', '--no-such-option'], ['upo', 'get'], ['no-such-command']]) {
      const r = run(args);
      expect({ args, code: r.code }).toEqual({ args, code: ExitCode.config });
      expect(r.err).toMatch(/error: /);
    }
  });

  it('prints its own help and version with exit 0', () => {
    const help = run(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^Usage: ksef-gateway /);
    const version = run(['--version']);
    expect(version.code).toBe(0);
    expect(version.out.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  it('keeps the exit-code table of docs/cli.md equal to the codes the CLI uses', () => {
    const doc = readFileSync(join('docs', 'cli.md'), 'utf8');
    const table = doc.slice(doc.indexOf('## Exit codes'));
    const rows = Object.fromEntries([...table.matchAll(/^\| (\d) \| ([^|]+)\|$/gm)].map((m) => [Number(m[1]), m[2].trim()]));
    expect(Object.keys(rows).map(Number)).toEqual(Object.values(ExitCode));
    expect(rows[ExitCode.invalid]).toMatch(/invalid or rejected/);
    expect(rows[ExitCode.config]).toMatch(/configuration or usage/);
    expect(rows[ExitCode.transient]).toMatch(/unreachable.*--once/);
    expect(rows[ExitCode.system]).toMatch(/unexpected/);
  });

  it('doctor prints its table and no JSON log line, even at log level info', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-doctor-'));
    writeFileSync(join(dir, 'gw.yaml'), 'ksef: { simulator: { enabled: true, rateLimits: "off" } }\nadmin: { enabled: false }\n');
    const r = run(['doctor', '--config', join(dir, 'gw.yaml')], { KSEF_GATEWAY_DATA_DIR: dir, KSEF_SCHEMAS_DIR: SCHEMAS_DIR, KSEF_GATEWAY_LOG_LEVEL: 'info' });
    expect(r.out).toMatch(/^check\s+result\s+detail$/m);
    expect(r.out).toMatch(/KSeF reachable\s+ok/);
    expect(`${r.out}\n${r.err}`.split('\n').filter((l) => l.trimStart().startsWith('{'))).toEqual([]);
  });

  it('refuses to start when the FA(3) schema does not compile on its validation threads, and doctor names the schema', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-bad-schema-'));
    cpSync(join(SCHEMAS_DIR, 'fa3'), join(dir, 'schemas', 'fa3'), { recursive: true });
    writeFileSync(join(dir, 'schemas', 'fa3', 'schemat_FA(3)_v1-0E.xsd'), '<xsd:schema');
    writeFileSync(join(dir, 'gw.yaml'), 'ksef: { baseUrl: "http://127.0.0.1:9/v2" }\nadmin: { enabled: false }\ncontexts: [{ nip: "5265877635" }]\n');
    const env = { KSEF_GATEWAY_DATA_DIR: dir, KSEF_SCHEMAS_DIR: join(dir, 'schemas') };
    const start = run(['start', '--config', join(dir, 'gw.yaml')], env);
    expect(start.code).toBe(ExitCode.config);
    expect(start.err).toMatch(/FA\(3\) schema in .*fa3 could not be compiled/);
    const doctor = run(['doctor', '--config', join(dir, 'gw.yaml')], env);
    expect(doctor.out).toMatch(/^FA\(3\) schemas\s+fail\s+FA\(3\) schema in .*could not be compiled/m);
    // The in-process simulator compiles its own copy first, and says so.
    writeFileSync(join(dir, 'sim.yaml'), 'ksef: { simulator: { enabled: true, rateLimits: "off" } }\nadmin: { enabled: false }\n');
    const demo = run(['start', '--config', join(dir, 'sim.yaml')], env);
    expect(demo.code).toBe(ExitCode.config);
    expect(demo.err).toMatch(/the simulator's FA\(3\) schema in .*fa3 could not be compiled/);
  });

  it('ends quietly when the reader of its output goes away (status | head): no EPIPE stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-pipe-'));
    writeFileSync(join(dir, 'gw.yaml'), 'ksef: { baseUrl: "http://127.0.0.1:9/v2" }\nadmin: { enabled: false }\n');
    const env = { KSEF_GATEWAY_DATA_DIR: dir, KSEF_SCHEMAS_DIR: SCHEMAS_DIR };
    // The reader closes before the first line is written, as `head -0` does.
    const child = spawn(process.execPath, [bin, 'status', '--config', join(dir, 'gw.yaml'), '--json'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let err = '';
    child.stderr.on('data', (c) => { err += String(c); });
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(err).not.toMatch(/EPIPE|Error:|at /);
    expect(code).toBe(0);
  });
});
