import { join } from 'node:path';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { tempDir } from '../../plugins/csv/csvFiles.js';
import { runCli } from './fa3RunCli.js';

const EXAMPLES = join('plugins', 'csv', 'examples');

async function check(args: string[]) {
  const dir = await tempDir('csv-check-');
  return runCli(['csv', 'check', ...args], { KSEF_GATEWAY_DATA_DIR: dir, KSEF_GATEWAY_CONFIG: '', KSEF_SCHEMAS_DIR: SCHEMAS_DIR });
}

describe('ksef-gateway csv check on plugins/csv/examples', () => {
  it.each([
    ['lines', [join(EXAMPLES, 'lines', 'export.csv'), '--mapping', join(EXAMPLES, 'lines', 'mapping.yaml')], 3, 5],
    ['header-lines', [join(EXAMPLES, 'header-lines', 'invoices.header.txt'), join(EXAMPLES, 'header-lines', 'invoices.lines.txt'), '--mapping', join(EXAMPLES, 'header-lines', 'mapping.yaml')], 2, 5],
    ['default', [join(EXAMPLES, 'default', 'export.csv')], 2, 3],
    ['corrections', [join(EXAMPLES, 'corrections', 'export.csv'), '--mapping', join(EXAMPLES, 'corrections', 'mapping.yaml')], 3, 6],
  ])('finds no error in the %s example, prints invoices as FA(3) and totals per rate', async (_name, args, invoices, lines) => {
    const run = await check(args as string[]);
    expect(run.stdout).toContain(`invoices: ${invoices} (${invoices} valid, 0 with errors), lines: ${lines}`);
    expect(run.stdout).toMatch(/--- .+ as FA\(3\) ---\n<\?xml/);
    expect(run.stdout).toMatch(/totals per VAT rate/);
    expect(run.exitCode).toBe(0);
  });
});
