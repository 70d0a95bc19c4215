import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProgram } from '../../../core/cli/program.js';
import { GatewayError } from '../../../core/errors/GatewayError.js';
import { resetSchemasWarning } from '../../../core/fa3/schemas/locateSchemas.js';
import { FA3_SAMPLES_DIR, SCHEMAS_DIR } from '../../support/sharedDir.js';
import { runCli } from './fa3RunCli.js';
import { Fa3DocumentPreparer } from '../../../core/pipeline/Fa3DocumentPreparer.js';
import { validateFa3 } from '../../../core/fa3/validation/validateFa3.js';

const sample = (name: string): string => join(FA3_SAMPLES_DIR, name);
const withSchemas = { KSEF_SCHEMAS_DIR: SCHEMAS_DIR };

describe('ksef-gateway fa3', () => {
  let work: string;
  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'ksef-cli-fa3-'));
  });
  afterEach(() => rm(work, { recursive: true, force: true }));

  it('validate exits 0 when every file is valid', async () => {
    const r = await runCli(['fa3', 'validate', sample('FA_3_Przyklad_1.xml'), sample('FA_3_Przyklad_22.xml')], withSchemas);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(`${sample('FA_3_Przyklad_1.xml')}: valid\n${sample('FA_3_Przyklad_22.xml')}: valid\n`);
  });

  it('validate without schemas refuses an invoice with no P_1 or no seller NIP, with the same codes the pipeline gives', async () => {
    const xml = await readFile(sample('FA_3_Przyklad_1.xml'), 'utf8');
    const noP1 = join(work, 'no-p1.xml');
    const noNip = join(work, 'no-nip.xml');
    await writeFile(noP1, xml.replace(/<P_1>[^<]*<\/P_1>/, ''));
    await writeFile(noNip, xml.replace('<NIP>9999999999</NIP>', ''));
    const r = await runCli(['fa3', 'validate', '--no-xsd', noP1, noNip]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain(`${noP1}: error FA3_FIELD_MISSING at Fa/P_1: Fa/P_1 is missing or empty`);
    expect(r.stdout).toContain(`${noNip}: error FA3_FIELD_MISSING at Podmiot1/DaneIdentyfikacyjne/NIP: Podmiot1/DaneIdentyfikacyjne/NIP is missing or empty`);
    // The pipeline's preparer (same validation entry point, no schema) refuses them with the same issue.
    const preparer = new Fa3DocumentPreparer({ validate: (x) => validateFa3(x) });
    for (const [file, location] of [[noP1, 'Fa/P_1'], [noNip, 'Podmiot1/DaneIdentyfikacyjne/NIP']]) {
      const prepared = await preparer.prepare({ erpId: 'x', payload: { format: 'fa3-xml', xml: await readFile(file, 'utf8') } });
      expect(prepared).toMatchObject({ ok: false, errors: expect.arrayContaining([{ code: 'FA3_FIELD_MISSING', location, message: `${location} is missing or empty` }]) });
    }
  });

  it('validate prints every error of every file with file, code, location and message, and exits 1', async () => {
    const bad = join(work, 'bad.xml');
    const xml = (await readFile(sample('FA_3_Przyklad_1.xml'), 'utf8'))
      .replace('<NIP>9999999999</NIP>', '<NIP>1234567890</NIP>')
      .replace('<P_15>2051</P_15>', '<P_15>3000</P_15>')
      .replace('<P_12>5</P_12>', '<P_12>6</P_12>');
    await writeFile(bad, xml);
    const r = await runCli(['fa3', 'validate', sample('FA_3_Przyklad_1.xml'), bad, sample('extra_KSEF_06_EXP.xml')], withSchemas);
    expect(r.exitCode).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe(`${sample('FA_3_Przyklad_1.xml')}: valid`);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${bad}: error FA3_XSD at Fa/FaWiersz\\[3\\]/P_12: `)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${bad}: error FA3_NIP_CHECKSUM at Podmiot1/DaneIdentyfikacyjne/NIP: .*1234567890`)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${bad}: error FA3_TOTAL_MISMATCH at Fa/P_15: `)));
    expect(lines).toContainEqual(expect.stringMatching(/extra_KSEF_06_EXP\.xml: error FA3_NET_SUM_MISMATCH at Fa\/P_13_6_3: /));
  });

  it('validate --json prints one object per file', async () => {
    const r = await runCli(['fa3', 'validate', '--json', sample('extra_KSEF_06_EXP.xml')], withSchemas);
    const [obj] = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(obj.valid).toBe(false);
    expect(obj.issues.map((i: { code: string }) => i.code)).toContain('FA3_NET_SUM_MISMATCH');
    expect(r.exitCode).toBe(1);
  });

  it('validate reports an unreadable file, still checks the others, and exits 2', async () => {
    const r = await runCli(['fa3', 'validate', join(work, 'missing.xml'), sample('FA_3_Przyklad_1.xml')], withSchemas);
    expect(r.stdout).toContain('missing.xml: cannot read: no such file');
    expect(r.stdout).toContain('FA_3_Przyklad_1.xml: valid');
    expect(r.exitCode).toBe(2);
  });

  it('validate without schemas checks the business rules and says so once on stderr', async () => {
    resetSchemasWarning();
    const env = { KSEF_SCHEMAS_DIR: undefined, KSEF_GATEWAY_SCHEMA_CACHE: join(work, 'no-cache') };
    const r = await runCli(['fa3', 'validate', sample('extra_KSEF_06_EXP.xml'), sample('FA_3_Przyklad_1.xml')], env);
    expect(r.stderr.match(/business rules only/g)).toHaveLength(1);
    expect(r.stdout).toContain('FA3_NET_SUM_MISMATCH');
    expect(r.exitCode).toBe(1);
  });

  it('validate --no-xsd skips the schema even when it is installed', async () => {
    const bad = join(work, 'bad.xml');
    await writeFile(bad, (await readFile(sample('FA_3_Przyklad_1.xml'), 'utf8')).replace('<P_12>5</P_12>', '<P_12>6</P_12>'));
    const r = await runCli(['fa3', 'validate', '--no-xsd', bad], withSchemas);
    expect(r.stdout).not.toContain('FA3_XSD');
  });

  it('to-json prints the canonical JSON and from-json turns it back into the same XML', async () => {
    const toJson = await runCli(['fa3', 'to-json', sample('FA_3_Przyklad_21.xml')]);
    expect(toJson.exitCode).toBe(0);
    const model = JSON.parse(toJson.stdout);
    expect(model.Fa.P_14_1W).toBe('13768.14');
    const jsonFile = join(work, 'inv.json');
    await writeFile(jsonFile, toJson.stdout);
    const fromJson = await runCli(['fa3', 'from-json', '--validate', jsonFile], withSchemas);
    expect(fromJson.exitCode).toBe(0);
    expect(fromJson.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Faktura xmlns="http:\/\/crd\.gov\.pl\/wzor\/2025\/06\/25\/13775\/"/);
    const again = join(work, 'again.xml');
    await writeFile(again, fromJson.stdout);
    expect((await runCli(['fa3', 'to-json', again])).stdout).toBe(toJson.stdout);
  });

  it('from-json --validate reports an invalid invoice on stderr and exits 1', async () => {
    const model = JSON.parse((await runCli(['fa3', 'to-json', sample('FA_3_Przyklad_1.xml')])).stdout);
    model.Fa.P_15 = '1';
    const jsonFile = join(work, 'inv.json');
    await writeFile(jsonFile, JSON.stringify(model));
    const r = await runCli(['fa3', 'from-json', '--validate', jsonFile], withSchemas);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('FA3_TOTAL_MISMATCH at Fa/P_15');
  });

  it('to-json and from-json fail with a data error naming the file', async () => {
    const notJson = join(work, 'x.json');
    await writeFile(notJson, '{');
    const err = await runCli(['fa3', 'from-json', notJson]).catch((e: unknown) => e);
    expect(GatewayError.is(err, 'GW_FA3_JSON_INVALID')).toBe(true);
    const notXml = join(work, 'x.xml');
    await writeFile(notXml, '<a>');
    const err2 = await runCli(['fa3', 'to-json', notXml]).catch((e: unknown) => e);
    expect(GatewayError.is(err2) && err2.kind).toBe('data');
  });

  it('--help lists the commands and options the code has', async () => {
    const fa3 = (await buildProgram()).commands.find((c) => c.name() === 'fa3')!;
    expect(fa3.commands.map((c) => c.name())).toEqual(['validate', 'to-json', 'from-json']);
    const help = fa3.commands[0].helpInformation();
    for (const o of ['--no-xsd', '--schemas <dir>', '--json', '<file...>']) expect(help).toContain(o);
    expect(fa3.commands[2].helpInformation()).toContain('--validate');
  });
});
