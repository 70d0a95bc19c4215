import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Fa3ValidationPool as SourcePool } from '../../../../core/fa3/validation/Fa3ValidationPool.js';
import { Fa3XsdValidator } from '../../../../core/fa3/validation/Fa3XsdValidator.js';
import { validateFa3 } from '../../../../core/fa3/validation/validateFa3.js';
import { prepareDraft } from '../../../../core/fa3/draft/prepareDraft.js';
import { SCHEMAS_DIR } from '../../../support/sharedDir.js';
import { MF_SAMPLES, NOW, sampleBytes } from '../rules/sampleInvoices.js';

const ROOT = resolve('.');
const OUT = join(ROOT, 'node_modules', '.cache', 'ksef-gateway-validation-pool-test');
type Pool = typeof SourcePool;
let CompiledPool: Pool;
let xsd: Fa3XsdValidator;

beforeAll(async () => {
  // Worker threads run JavaScript: the pool and its worker are compiled with tsc, as `npm run build` does.
  execFileSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['--outDir', OUT, '--rootDir', ROOT, '--module', 'nodenext',
    '--moduleResolution', 'nodenext', '--target', 'ES2022', '--lib', 'ES2023', '--strict', '--esModuleInterop', '--skipLibCheck',
    '--resolveJsonModule', join(ROOT, 'core/fa3/validation/Fa3ValidationPool.ts'), join(ROOT, 'core/fa3/validation/fa3ValidationWorker.ts')],
  { stdio: 'inherit' });
  ({ Fa3ValidationPool: CompiledPool } = await import(pathToFileURL(join(OUT, 'core/fa3/validation/Fa3ValidationPool.js')).href) as { Fa3ValidationPool: Pool });
  xsd = await Fa3XsdValidator.load(SCHEMAS_DIR);
}, 180_000);
afterAll(() => xsd?.dispose());

const text = (name: string): string => sampleBytes(name).toString('utf8');

describe('Fa3ValidationPool', () => {
  it('is unavailable from the TypeScript sources, where there is no worker file to start', () => {
    expect(SourcePool.available()).toBe(false);
    expect(CompiledPool.available()).toBe(true);
  });

  it('starts its threads with the first document and gives, on them, exactly the result validateFa3 gives on the calling thread', async () => {
    const pool = new CompiledPool({ schemasDir: SCHEMAS_DIR, threads: 2 });
    try {
      expect(pool.threads).toBe(0);
      const broken = text(MF_SAMPLES[0]).replace(/<P_2>[^<]*<\/P_2>/, '<P_2></P_2>').replace(/<NIP>\d+<\/NIP>/, '<NIP>1234567890</NIP>');
      const inputs = [...MF_SAMPLES.map(text), broken, '<Faktura'];
      const results = await Promise.all(inputs.map((xml) => pool.validate(xml, { now: NOW, documentName: 'doc' })));
      expect(pool.threads).toBe(2);
      results.forEach((r, i) => expect(r).toEqual(validateFa3(inputs[i], { xsd, now: NOW, documentName: 'doc' })));
      expect(results.slice(0, MF_SAMPLES.length).every((r) => r.valid)).toBe(true);
      expect(results[MF_SAMPLES.length].issues.map((i) => i.code)).toEqual(expect.arrayContaining([expect.stringMatching(/NIP/)]));
      expect(results.at(-1)?.issues.map((i) => i.code)).toContain('FA3_XML_NOT_WELL_FORMED');
    } finally {
      await pool.close();
    }
  });

  it('checks business rules only when it has no schemas, as validateFa3 without an XSD does', async () => {
    const pool = new CompiledPool({ threads: 1 });
    try {
      const xml = text(MF_SAMPLES[0]).replace(/<P_15>[^<]*<\/P_15>/, '<P_15>0.01</P_15>');
      const r = await pool.validate(xml, { now: NOW });
      expect(r).toEqual(validateFa3(xml, { now: NOW }));
      expect(r.valid).toBe(false);
    } finally {
      await pool.close();
    }
  });

  it('completes, writes and validates drafts on its threads exactly as prepareDraft does on the calling thread', async () => {
    const pool = new CompiledPool({ schemasDir: SCHEMAS_DIR, threads: 2 });
    try {
      const party = { name: 'Firma', address: { country: 'PL', line1: 'ul. Prosta 1' } };
      const draft = { kind: 'VAT', number: 'FV/T/1', issueDate: '2026-02-15', seller: { nip: '7352765225', ...party },
        buyer: { id: { type: 'nip', nip: '5265877635' }, ...party }, lines: [{ name: 'Usługa', quantity: '3', unitPrice: '10.01', vatRate: '23' }] };
      const inputs: unknown[] = [draft, { ...draft, buyer: { id: { type: 'nip', nip: '1234567890' }, name: 'Firma' } }, { ...draft, lines: [] }, 42];
      const results = await Promise.all(inputs.map((d) => pool.prepareDraft(d, { now: NOW })));
      for (const [i, r] of results.entries()) {
        const here = await prepareDraft(inputs[i], { xsd, now: NOW });
        const stamp = (p: { xml?: string }) => ({ ...p, xml: p.xml?.replace(/<DataWytworzeniaFa>[^<]*</, '<DataWytworzeniaFa><') });
        expect(stamp(r)).toEqual(stamp(here));
      }
      expect(results[0]).toMatchObject({ fa3Valid: true, fa3Issues: [], facts: { sellerNip: '7352765225', invoiceKind: 'VAT', invoiceNumber: 'FV/T/1', issueDate: '2026-02-15', hasAttachment: false } });
      expect(results[1].fa3Issues).toEqual([expect.objectContaining({ code: 'FA3_NIP_CHECKSUM', field: '/buyer/id/nip' })]);
      expect(results[2].xml).toBeUndefined();
    } finally {
      await pool.close();
    }
  });

  it('start() has every thread compile its schema, and rejects with the schema\'s error without ending the process when it does not compile', async () => {
    const good = new CompiledPool({ schemasDir: SCHEMAS_DIR, threads: 2 });
    try {
      await good.start();
      expect(good.threads).toBe(2);
    } finally {
      await good.close();
    }
    const broken = mkdtempSync(join(tmpdir(), 'gw-broken-schemas-'));
    cpSync(join(SCHEMAS_DIR, 'fa3'), join(broken, 'fa3'), { recursive: true });
    writeFileSync(join(broken, 'fa3', 'schemat_FA(3)_v1-0E.xsd'), '<xsd:schema');
    const pool = new CompiledPool({ schemasDir: broken, threads: 2 });
    await expect(pool.start()).rejects.toMatchObject({ code: 'GW_FA3_SCHEMA_INVALID' });
    expect(pool.threads).toBe(0);
    await pool.close();
  });

  it('stays one Piscina pool with one error listener however many documents pass', async () => {
    const pool = new CompiledPool({ schemasDir: SCHEMAS_DIR, threads: 2 });
    try {
      for (let round = 0; round < 15; round++) await Promise.all(MF_SAMPLES.slice(0, 4).map((n) => pool.validate(text(n), { now: NOW })));
      // Every hand-off goes through the private started(): an 'error' listener added there each time leaked (Node then
      // warned of a possible EventEmitter leak).
      const inner = (pool as unknown as { pool: { listenerCount(event: string): number } }).pool;
      expect(inner.listenerCount('error')).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it('sizes auto as one thread per core', () => {
    expect(SourcePool.threadsFor('auto')).toBe(availableParallelism());
    expect(SourcePool.threadsFor(3)).toBe(3);
    expect(SourcePool.threadsFor(0)).toBe(0);
  });
});
