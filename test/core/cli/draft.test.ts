import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { draftJsonSchema } from '../../../core/cli/commands/draft.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { runCli } from './fa3RunCli.js';

const withSchemas = { KSEF_SCHEMAS_DIR: SCHEMAS_DIR };
const party = { name: 'Firma', address: { country: 'PL', line1: 'ul. Prosta 1' } };
const draft = { kind: 'VAT', number: 'FV/C/1', issueDate: '2026-02-15', seller: { nip: '5265877635', ...party },
  buyer: { id: { type: 'nip', nip: '7352765225' }, ...party }, lines: [{ name: 'Usługa', quantity: '2', unitPrice: '50', vatRate: '23' }] };

describe('ksef-gateway draft', () => {
  let work: string;
  beforeEach(async () => { work = await mkdtemp(join(tmpdir(), 'ksef-cli-draft-')); });
  afterEach(() => rm(work, { recursive: true, force: true }));

  it('to-fa3 prints the completed, XSD-valid FA(3) of a draft and exits 0', async () => {
    const file = join(work, 'draft.json');
    await writeFile(file, JSON.stringify(draft));
    const r = await runCli(['draft', 'to-fa3', file], withSchemas);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(r.stdout).toContain('<P_13_1>100.00</P_13_1>');
    expect(r.stdout).toContain('<P_15>123.00</P_15>');
  });

  it('to-fa3 prints every finding with its draft field and FA(3) path, prints no XML and exits 1', async () => {
    const file = join(work, 'bad.json');
    await writeFile(file, JSON.stringify({ ...draft, buyer: { ...draft.buyer, id: { type: 'nip', nip: '1234567890' } }, currency: 'XYZ', exchangeRate: '2' }));
    const r = await runCli(['draft', 'to-fa3', file], withSchemas);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${file}: error FA3_NIP_CHECKSUM (field /buyer/id/nip, FA(3) Podmiot2/DaneIdentyfikacyjne/NIP): buyer (Podmiot2) NIP 1234567890 has a wrong check digit`);
    expect(r.stderr).toMatch(/error FA3_XSD[A-Z_]* \(field \/currency, FA\(3\) Fa\/KodWaluty\)/);
  });

  it('schema prints the JSON Schema kept in docs/invoice-draft.schema.json', async () => {
    const r = await runCli(['draft', 'schema']);
    expect(r.stdout).toBe(`${draftJsonSchema()}\n`);
    expect(await readFile(join(process.cwd(), 'docs', 'invoice-draft.schema.json'), 'utf8')).toBe(r.stdout);
  });
});
