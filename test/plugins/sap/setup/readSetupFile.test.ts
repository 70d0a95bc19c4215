import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSapSetup } from '../../../../plugins/sap/SapAdapter.js';
import { sapMappingSchema } from '../../../../plugins/sap/mapping/SapMapping.js';
import { SapSetupFileError } from '../../../../plugins/sap/setup/readSetupFile.js';

const dir = mkdtempSync(join(tmpdir(), 'sap-setup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, bytes: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};
const load = (files: { mappingFile?: string; layoutFile?: string }) => loadSapSetup({ mapping: sapMappingSchema.parse({}), ...files });
/** The error `load` fails with; a load that succeeds fails the test. */
const refusal = (files: { mappingFile?: string; layoutFile?: string }): Promise<SapSetupFileError> =>
  load(files).then(() => { throw new Error('the setup was accepted'); }, (e: unknown) => e as SapSetupFileError);
const layoutJson = { PT_SEGMENTS: [{ SEGMENTTYP: 'Z1KSEF', PARSEG: 'E1EDK01' }], PT_FIELDS: [{ SEGMENTTYP: 'Z1KSEF', FIELDNAME: 'ZREF', BYTE_FIRST: 64, EXTLEN: 35 }] };

describe('the SAP plugin reads its mapping and layout files', () => {
  it('uses a UTF-8 mapping (with or without a byte-order mark) and a layout recorded from the system', async () => {
    const mappingFile = file('mapping.yaml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('taxCodes: { A1: "23", ZW: "zw" }\nunits: { PCE: "sztuka" }\n')]));
    const layoutFile = file('layout.json', JSON.stringify(layoutJson));
    const setup = await load({ mappingFile, layoutFile });
    expect(setup.mapping.taxCodes).toEqual({ A1: '23', ZW: 'zw' });
    expect(setup.mapping.units).toEqual({ PCE: 'sztuka' });
    expect(setup.layout.segment('Z1KSEF')).toMatchObject({ parent: 'E1EDK01', fields: [{ name: 'ZREF', offset: 0, length: 35 }] });
    expect(setup.layout.has('E1EDK01')).toBe(true);
  });

  it('refuses a mapping saved as Windows-1250, naming the file, line and column, instead of reading U+FFFD into it', async () => {
    // "jednostka: sztuka zł" with ł as Windows-1250's 0xB3 on line 2
    const mappingFile = file('cp1250.yaml', Buffer.concat([Buffer.from('taxCodes: { A1: "23" }\nunits: { PCE: "z'), Buffer.from([0xb3]), Buffer.from('" }\n')]));
    const err = await refusal({ mappingFile });
    expect(err).toBeInstanceOf(SapSetupFileError);
    expect((err as SapSetupFileError).code).toBe('GW_SAP_SETUP_FILE_UNREADABLE');
    expect((err as Error).message).toContain(mappingFile);
    expect((err as Error).message).toMatch(/line 2, column 17/);
    expect((err as Error).message).toContain('not UTF-8');
  });

  it('names every key of a mapping that is wrong, and the YAML fault of one that is not YAML', async () => {
    const wrongKeys = file('keys.yaml', 'taxCodes: { A1: "24" }\npaymentMethod: barter\n');
    const err = await refusal({ mappingFile: wrongKeys });
    expect(err).toBeInstanceOf(SapSetupFileError);
    expect(err.message).toContain('taxCodes.A1');
    expect(err.message).toContain('paymentMethod');
    const notYaml = file('broken.yaml', 'taxCodes: { A1: "23"\n');
    const err2 = await refusal({ mappingFile: notYaml });
    expect(err2.message).toMatch(/broken\.yaml: is not valid YAML/);
  });

  it('refuses a layout file without field rows, and one that is not JSON, naming the file', async () => {
    const noFields = file('nofields.json', JSON.stringify({ PT_SEGMENTS: [] }));
    const err = await refusal({ layoutFile: noFields });
    expect(err).toBeInstanceOf(SapSetupFileError);
    expect(err.message).toContain('nofields.json');
    expect(err.message).toContain('PT_FIELDS');
    const notJson = file('layout.txt', 'SEGMENTTYP;FIELDNAME');
    expect((await refusal({ layoutFile: notJson })).message).toMatch(/layout\.txt: is not valid JSON/);
    const missing = await refusal({ layoutFile: join(dir, 'absent.json') });
    expect(missing.code).toBe('GW_SAP_SETUP_FILE_UNREADABLE');
  });
});
