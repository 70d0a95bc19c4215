import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { schemaCacheDir } from '../../config/paths.js';
import { installSchemas, type SchemaManifest } from '../../fa3/schemas/installSchemas.js';
import { locateSchemas } from '../../fa3/schemas/locateSchemas.js';
import { MANIFEST_FILE } from '../../fa3/schemas/schemaSources.js';

/** Registers the `schemas` command group: install, status. */
export function register(program: Command): void {
  const schemas = program.command('schemas').description('the official XSDs (FA(3), UPO, auth) used for validation');

  schemas.command('install')
    .description('download the official XSDs and their imports, verify them (parse, FA(3) compiles, sha256 in manifest.json), install atomically')
    .option('--from <url>', 'mirror base URL replacing the official origins, paths kept (default KSEF_GATEWAY_SCHEMAS_FROM)')
    .option('--dir <dir>', `target directory (default the cache: ${schemaCacheDir()})`)
    .action(async (opts: { from?: string; dir?: string }) => {
      const dir = opts.dir ?? schemaCacheDir();
      const manifest = await installSchemas({ dir, from: opts.from, warn: (m) => process.stderr.write(`ksef-gateway: warning: ${m}\n`) });
      process.stdout.write(`installed ${manifest.files.length} schema files into ${dir}\n`);
      for (const f of manifest.files) process.stdout.write(`  ${f.sha256}  ${f.path}  <- ${f.fetchedFrom}\n`);
      if (opts.dir !== undefined) process.stdout.write(`use it with KSEF_SCHEMAS_DIR=${dir}\n`);
    });

  schemas.command('status')
    .description('show which schemas directory validation uses and what is installed there')
    .action(async () => {
      const dir = locateSchemas({ warn: () => undefined });
      if (dir === undefined) {
        process.stdout.write('no FA(3) schemas found: validation runs business rules only; run `ksef-gateway schemas install`\n');
        return;
      }
      process.stdout.write(`schemas directory: ${dir}${process.env.KSEF_SCHEMAS_DIR ? ' (KSEF_SCHEMAS_DIR)' : ''}\n`);
      const manifest = await readManifest(dir);
      if (!manifest) {
        process.stdout.write('no manifest.json (not installed by `schemas install`)\n');
        return;
      }
      process.stdout.write(`installed ${manifest.installedAt} from ${manifest.source}\n`);
      for (const f of manifest.files) process.stdout.write(`  ${f.sha256}  ${f.path}\n`);
    });
}

async function readManifest(dir: string): Promise<SchemaManifest | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as SchemaManifest;
  } catch {
    return undefined;
  }
}
