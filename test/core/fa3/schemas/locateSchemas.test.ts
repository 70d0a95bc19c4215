import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateSchemas, resetSchemasWarning } from '../../../../core/fa3/schemas/locateSchemas.js';

describe('locateSchemas', () => {
  let work: string;
  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'ksef-locate-'));
    resetSchemasWarning();
  });
  afterEach(() => rm(work, { recursive: true, force: true }));

  async function fakeSet(dir: string): Promise<void> {
    await mkdir(join(dir, 'fa3'), { recursive: true });
    await writeFile(join(dir, 'fa3', 'schemat_FA(3)_v1-0E.xsd'), '<xsd:schema/>');
  }

  it('prefers KSEF_SCHEMAS_DIR over the cache', async () => {
    await fakeSet(join(work, 'explicit'));
    await fakeSet(join(work, 'cache'));
    expect(locateSchemas({ env: { KSEF_SCHEMAS_DIR: join(work, 'explicit'), KSEF_GATEWAY_SCHEMA_CACHE: join(work, 'cache') } })).toBe(join(work, 'explicit'));
  });

  it('falls back to the cache that schemas install fills', async () => {
    await fakeSet(join(work, 'cache'));
    expect(locateSchemas({ env: { KSEF_GATEWAY_SCHEMA_CACHE: join(work, 'cache') } })).toBe(join(work, 'cache'));
  });

  it('fails loudly when KSEF_SCHEMAS_DIR points at a directory without the FA(3) schema', () => {
    expect(() => locateSchemas({ env: { KSEF_SCHEMAS_DIR: work } })).toThrow(/KSEF_SCHEMAS_DIR/);
  });

  it('returns undefined without schemas and warns once per process', () => {
    const warnings: string[] = [];
    const env = { KSEF_GATEWAY_SCHEMA_CACHE: join(work, 'none') };
    expect(locateSchemas({ env, warn: (m) => warnings.push(m) })).toBeUndefined();
    expect(locateSchemas({ env, warn: (m) => warnings.push(m) })).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/business rules only/);
  });
});
