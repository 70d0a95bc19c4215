import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayError } from '../../../../core/errors/GatewayError.js';
import { installSchemas } from '../../../../core/fa3/schemas/installSchemas.js';
import { effectiveUrl } from '../../../../core/fa3/schemas/schemaSources.js';
import { FA3_SAMPLES_DIR, SCHEMAS_DIR } from '../../../support/sharedDir.js';
import { Fa3XsdValidator } from '../../../../core/fa3/validation/Fa3XsdValidator.js';
import { startSchemaMirror, type SchemaMirror } from './schemaMirror.js';

describe('installSchemas', () => {
  let mirror: SchemaMirror;
  let work: string;

  beforeEach(async () => {
    mirror = await startSchemaMirror();
    work = await mkdtemp(join(tmpdir(), 'ksef-schemas-'));
  });
  afterEach(async () => {
    await mirror.close();
    await rm(work, { recursive: true, force: true });
  });

  it('downloads the FA(3) schema, follows its imports and includes, and records sha256 in a manifest', async () => {
    const dir = join(work, 'schemas');
    const manifest = await installSchemas({ dir, from: mirror.base, env: {} });
    const paths = manifest.files.map((f) => f.path).sort();
    expect(paths).toEqual([
      'auth/schemat_auth_v2-1.xsd',
      'fa3/bazowe/ElementarneTypyDanych_v10-0E.xsd',
      'fa3/bazowe/KodyKrajow_v10-0E.xsd',
      'fa3/bazowe/StrukturyDanych_v10-0E.xsd',
      'fa3/schemat_FA(3)_v1-0E.xsd',
      'upo/v4-3/upo-v4-3.xsd',
    ]);
    for (const f of manifest.files) {
      const bytes = await readFile(join(dir, f.path));
      expect(bytes.equals(await readFile(join(SCHEMAS_DIR, f.path)))).toBe(true);
      expect(f.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(f.fetchedFrom.startsWith(mirror.base)).toBe(true);
    }
    const onDisk = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    expect(onDisk.files).toHaveLength(6);
    expect(manifest.files.find((f) => f.path.startsWith('fa3/schemat'))!.url).toBe('https://crd.gov.pl/wzor/2025/06/25/13775/schemat.xsd');
  });

  it('leaves the previous set untouched when a required schema cannot be fetched', async () => {
    const dir = join(work, 'schemas');
    await mkdir(join(dir, 'fa3'), { recursive: true });
    await writeFile(join(dir, 'fa3', 'marker'), 'old');
    mirror.failures.set('/xml/schematy/dziedzinowe/mf/2022/01/05/eD/DefinicjeTypy/KodyKrajow_v10-0E.xsd', 404);
    await expect(installSchemas({ dir, from: mirror.base, env: {} })).rejects.toMatchObject({ code: 'GW_SCHEMAS_DOWNLOAD' });
    expect(await readFile(join(dir, 'fa3', 'marker'), 'utf8')).toBe('old');
    expect((await readdir(work)).sort()).toEqual(['schemas']);
  });

  it('rejects a download that is not an XML schema', async () => {
    mirror.overrides.set('/wzor/2025/06/25/13775/schemat.xsd', '<html><body>maintenance</body></html>');
    const err = await installSchemas({ dir: join(work, 's'), from: mirror.base, env: {} }).catch((e: unknown) => e);
    expect(GatewayError.is(err, 'GW_SCHEMAS_INVALID')).toBe(true);
  });

  it('skips an optional schema that cannot be fetched, with a warning', async () => {
    mirror.failures.set('/CIRFMF/ksef-docs/main/auth/schemy/schemat_auth_v2-1.xsd', 404);
    const warnings: string[] = [];
    const manifest = await installSchemas({ dir: join(work, 's'), from: mirror.base, env: {}, warn: (m) => warnings.push(m) });
    expect(manifest.files.map((f) => f.path)).not.toContain('auth/schemat_auth_v2-1.xsd');
    expect(warnings.join('\n')).toMatch(/auth\/schemat_auth_v2-1\.xsd.*HTTP 404/);
  });

  it('takes the mirror base from KSEF_GATEWAY_SCHEMAS_FROM and the directory from the cache setting', async () => {
    const cache = join(work, 'cache');
    await installSchemas({ env: { KSEF_GATEWAY_SCHEMAS_FROM: mirror.base, KSEF_GATEWAY_SCHEMA_CACHE: cache } });
    expect(await readFile(join(cache, 'fa3', 'schemat_FA(3)_v1-0E.xsd'))).toBeTruthy();
  });

  it('maps official addresses onto a mirror, keeping paths', () => {
    expect(effectiveUrl('http://crd.gov.pl/xml/a/b.xsd')).toBe('https://crd.gov.pl/xml/a/b.xsd');
    expect(effectiveUrl('https://crd.gov.pl/wzor/x.xsd', 'http://127.0.0.1:9/m/')).toBe('http://127.0.0.1:9/m/wzor/x.xsd');
  });
});

describe('installSchemas output', () => {
  let mirror: SchemaMirror;
  let work: string;
  beforeEach(async () => {
    mirror = await startSchemaMirror();
    work = await mkdtemp(join(tmpdir(), 'ksef-schemas-'));
  });
  afterEach(async () => {
    await mirror.close();
    await rm(work, { recursive: true, force: true });
  });

  it('is a set the FA(3) XSD validator loads and validates with, offline', async () => {
    const dir = join(work, 'schemas');
    await installSchemas({ dir, from: mirror.base, env: {} });
    expect(await readFile(join(dir, 'fa3', 'catalog.xml'), 'utf8')).toContain('systemIdStartString="http://crd.gov.pl/xml/schematy/dziedzinowe/mf/2022/01/05/eD/DefinicjeTypy/" rewritePrefix="bazowe/"');
    const xsd = await Fa3XsdValidator.load(dir);
    try {
      expect(xsd.validate(await readFile(join(FA3_SAMPLES_DIR, 'FA_3_Przyklad_1.xml')))).toEqual([]);
    } finally {
      xsd.dispose();
    }
  });

  it('is loadable when the base schemas include each other by absolute crd.gov.pl address (the crd.gov.pl variant)', async () => {
    const path = '/xml/schematy/dziedzinowe/mf/2022/01/05/eD/DefinicjeTypy/StrukturyDanych_v10-0E.xsd';
    const shared = await readFile(join(SCHEMAS_DIR, 'fa3/bazowe/StrukturyDanych_v10-0E.xsd'), 'utf8');
    mirror.overrides.set(path, shared.replace('schemaLocation="ElementarneTypyDanych_v10-0E.xsd"',
      'schemaLocation="http://crd.gov.pl/xml/schematy/dziedzinowe/mf/2022/01/05/eD/DefinicjeTypy/ElementarneTypyDanych_v10-0E.xsd"'));
    const dir = join(work, 'schemas');
    const manifest = await installSchemas({ dir, from: mirror.base, env: {} });
    expect(manifest.files.map((f) => f.path)).toContain('fa3/bazowe/ElementarneTypyDanych_v10-0E.xsd');
    const xsd = await Fa3XsdValidator.load(dir);
    try {
      expect(xsd.validate(await readFile(join(FA3_SAMPLES_DIR, 'FA_3_Przyklad_1.xml')))).toEqual([]);
    } finally {
      xsd.dispose();
    }
  });
});

describe('installSchemas verification', () => {
  it('refuses a set that parses but does not compile as the FA(3) schema, keeping the old one', async () => {
    const mirror = await startSchemaMirror();
    const work = await mkdtemp(join(tmpdir(), 'ksef-schemas-'));
    try {
      const path = '/xml/schematy/dziedzinowe/mf/2022/01/05/eD/DefinicjeTypy/KodyKrajow_v10-0E.xsd';
      mirror.overrides.set(path, '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"/>');
      const err = await installSchemas({ dir: join(work, 's'), from: mirror.base, env: {} }).catch((e: unknown) => e);
      expect(GatewayError.is(err, 'GW_SCHEMAS_INVALID')).toBe(true);
      expect(await readdir(work)).toEqual([]);
    } finally {
      await mirror.close();
      await rm(work, { recursive: true, force: true });
    }
  });
});
