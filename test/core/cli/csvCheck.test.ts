import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { DEFAULT_ROWS, tempDir, toCsv } from '../../plugins/csv/csvFiles.js';
import { exitCodeFor } from '../../../core/cli/exitCodes.js';
import { runCli } from './fa3RunCli.js';

async function check(files: string[], ...args: string[]) {
  const dir = await tempDir('csv-check-');
  return runCli(['csv', 'check', ...files, ...args], { KSEF_GATEWAY_DATA_DIR: dir, KSEF_GATEWAY_CONFIG: '', KSEF_SCHEMAS_DIR: SCHEMAS_DIR });
}

describe('ksef-gateway csv check', () => {
  it('prints every error of a file with its file, row, column, field and reason, a summary, and exits 1', async () => {
    const dir = await tempDir();
    const bad = ['B1', 'FV/3/2026', '31.02.2026', '5265877635', 'S', 'ul. A 1', '7352765225', 'N', 'ul. B', 'Towar', '1', 'szt.', '12,3x', 'X'];
    const file = join(dir, 'bad.csv');
    await writeFile(file, toCsv([...DEFAULT_ROWS, bad]));
    const run = await check([file]);
    expect(run.stdout).toContain('bad.csv row 6 column issue_date (issueDate): GW_CSV_VALUE_INVALID: "31.02.2026" is not a date');
    expect(run.stdout).toContain('bad.csv row 6 column unit_price (unitPrice): GW_CSV_VALUE_INVALID: "12,3x" is not a number');
    expect(run.stdout).toContain('bad.csv row 6 column vat_rate (vatRate): GW_CSV_VALUE_UNMAPPED: value "X" is not in vat');
    expect(run.stdout).toMatch(/^invoices: 3 \(\d valid, \d with errors\), lines: 4$/m);
    expect(run.stdout).toMatch(/^ {2}GW_CSV_VALUE_INVALID +2$/m);
    expect(run.exitCode).toBe(1);
  });

  it('reports a file that cannot be read and still checks the others', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'empty.csv'), '');
    await writeFile(join(dir, 'good.csv'), toCsv(DEFAULT_ROWS));
    const run = await check([join(dir, 'empty.csv'), join(dir, 'good.csv')]);
    expect(run.stdout).toContain('GW_CSV_EMPTY_FILE: empty.csv: is empty');
    expect(run.stdout).toMatch(/^invoices: 2 /m);
    expect(run.exitCode).toBe(1);
  });

  it('names the key of a mapping that is not valid and exits 2', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'm.yaml'), 'documentId: Nr\nfields: { number: { column: Nr, const: X } }\nlines: {}\n');
    await writeFile(join(dir, 'x.csv'), toCsv(DEFAULT_ROWS));
    const err = await check([join(dir, 'x.csv')], '--mapping', join(dir, 'm.yaml')).then(() => undefined, (e: unknown) => e);
    expect(String((err as Error).message)).toMatch(/fields\.number: give exactly one of column, const or concat/);
    expect(exitCodeFor(err)).toBe(2);
  });
});
