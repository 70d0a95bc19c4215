import { mkdtempSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { invoic02Layout } from '../../../plugins/sap/idoc/invoic02Defaults.js';
import { writeFlatIdoc, writeIdocXml } from '../../../plugins/sap/idoc/writeIdoc.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { invoic02 } from '../../plugins/sap/invoic02Fixtures.js';
import { runCli } from './fa3RunCli.js';

const dir = mkdtempSync(join(tmpdir(), 'sap-check-'));
const check = (...args: string[]) => runCli(['sap', 'check', ...args], { KSEF_GATEWAY_DATA_DIR: dir, KSEF_GATEWAY_CONFIG: '', KSEF_SCHEMAS_DIR: SCHEMAS_DIR });

describe('ksef-gateway sap check', () => {
  it('prints every error by IDoc number, segment (SEGNUM) and field, lists unknown segments, and exits 1', async () => {
    const file = join(dir, 'wdt.xml');
    await writeFile(file, writeIdocXml([invoic02({ kind: 'intra-eu', zSegment: true, docnum: '0000000000000811' })]));
    const run = await check(file);
    expect(run.stdout).toMatch(/error: GW_SAP_MAP_TAX_CODE_UNMAPPED IDoc 0000000000000811, segment E1EDP04 \(SEGNUM \d{6}\), field MWSKZ: tax code "A8"/);
    expect(run.stdout).toContain('segments not in the layout (kept for the hook): Z1KSEF');
    expect(run.exitCode).toBe(1);
  });

  it('reads the mapping from --mapping and prints the draft; --json gives the same report as JSON', async () => {
    const file = join(dir, 'wdt.txt');
    await writeFile(file, writeFlatIdoc([invoic02({ kind: 'intra-eu', docnum: '0000000000000812' })], invoic02Layout()));
    const mapping = join(dir, 'm.yaml');
    await writeFile(mapping, 'taxCodes:\n  A8: 0 WDT\nerpIdPrefix: "P01/"\n');
    const run = await check(file, '--mapping', mapping, '--json');
    const report = JSON.parse(run.stdout) as { idocs: { docnum: string; erpId: string; errors: string[]; draft: { lines: { vatRate: string }[]; buyer: unknown } }[] };
    expect(report.idocs[0]).toMatchObject({ docnum: '0000000000000812', erpId: 'P01/0090001234', draft: { buyer: { id: { type: 'eu-vat', country: 'DE' } } } });
    expect(report.idocs[0].draft.lines.map((l) => l.vatRate)).toEqual(['0 WDT', '0 WDT']);
    expect(report.idocs[0].errors.filter((e) => e.startsWith('GW_SAP_'))).toEqual([]);
  });

  it('answers a file that is not an IDoc with the reason and exits 1', async () => {
    const file = join(dir, 'x.xml');
    await writeFile(file, '<INVOIC02><IDOC BEGIN="1"><EDI_DC40 SEGMENT="1"><DOCNUM>1</DOCNUM></EDI_DC40></IDOC');
    const run = await check(file);
    expect(run.stdout).toContain('error: GW_SAP_IDOC_XML_MALFORMED');
    expect(run.exitCode).toBe(1);
  });
});
