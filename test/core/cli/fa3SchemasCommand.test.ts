import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProgram } from '../../../core/cli/program.js';
import { startSchemaMirror, type SchemaMirror } from '../fa3/schemas/schemaMirror.js';
import { FA3_SAMPLES_DIR } from '../../support/sharedDir.js';
import { runCli } from './fa3RunCli.js';

describe('ksef-gateway schemas', () => {
  let mirror: SchemaMirror;
  let work: string;
  beforeEach(async () => {
    mirror = await startSchemaMirror();
    work = await mkdtemp(join(tmpdir(), 'ksef-cli-schemas-'));
  });
  afterEach(async () => {
    await mirror.close();
    await rm(work, { recursive: true, force: true });
  });

  it('install --from --dir installs a verified set that fa3 validate then uses', async () => {
    const dir = join(work, 'schemas');
    const r = await runCli(['schemas', 'install', '--from', mirror.base, '--dir', dir]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`installed 6 schema files into ${dir}`);
    expect(r.stdout).toMatch(/[0-9a-f]{64} {2}fa3\/schemat_FA\(3\)_v1-0E\.xsd {2}<- http:\/\/127\.0\.0\.1:\d+\/wzor\/2025\/06\/25\/13775\/schemat\.xsd/);
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.source).toBe(mirror.base);

    const status = await runCli(['schemas', 'status'], { KSEF_SCHEMAS_DIR: dir });
    expect(status.stdout).toContain(`schemas directory: ${dir} (KSEF_SCHEMAS_DIR)`);
    expect(status.stdout).toContain('fa3/bazowe/KodyKrajow_v10-0E.xsd');

    const bad = (await readFile(join(FA3_SAMPLES_DIR, 'FA_3_Przyklad_1.xml'), 'utf8')).replace('<P_12>5</P_12>', '<P_12>6</P_12>');
    const badFile = join(work, 'bad.xml');
    await writeFile(badFile, bad);
    const v = await runCli(['fa3', 'validate', badFile], { KSEF_SCHEMAS_DIR: dir });
    expect(v.stdout).toContain('FA3_XSD at Fa/FaWiersz[3]/P_12');
  });

  it('install fills the user cache by default, taking the mirror from KSEF_GATEWAY_SCHEMAS_FROM', async () => {
    const cache = join(work, 'cache');
    const r = await runCli(['schemas', 'install'], { KSEF_GATEWAY_SCHEMAS_FROM: mirror.base, KSEF_GATEWAY_SCHEMA_CACHE: cache });
    expect(r.stdout).toContain(`into ${cache}`);
    const status = await runCli(['schemas', 'status'], { KSEF_SCHEMAS_DIR: undefined, KSEF_GATEWAY_SCHEMA_CACHE: cache });
    expect(status.stdout).toContain(`schemas directory: ${cache}\n`);
    expect(status.stdout).toContain(`from ${mirror.base}`);
  });

  it('install fails without touching anything when the mirror cannot serve a required file', async () => {
    mirror.failures.set('/wzor/2025/06/25/13775/schemat.xsd', 503);
    const err = await runCli(['schemas', 'install', '--from', mirror.base, '--dir', join(work, 's')]).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'GW_SCHEMAS_DOWNLOAD', kind: 'transient' });
  });

  it('status says when there are no schemas', async () => {
    const r = await runCli(['schemas', 'status'], { KSEF_SCHEMAS_DIR: undefined, KSEF_GATEWAY_SCHEMA_CACHE: join(work, 'none') });
    expect(r.stdout).toContain('no FA(3) schemas found');
  });

  it('--help is true to the code', async () => {
    const schemas = (await buildProgram()).commands.find((c) => c.name() === 'schemas')!;
    expect(schemas.commands.map((c) => c.name())).toEqual(['install', 'status']);
    const help = schemas.commands[0].helpInformation();
    expect(help).toContain('--from <url>');
    expect(help).toContain('--dir <dir>');
  });
});
