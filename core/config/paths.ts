import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The one data directory (DECISIONS.md 3): store, key file, UPOs, simulator data. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.KSEF_GATEWAY_DATA_DIR ?? join(process.cwd(), 'var'));
}

/** Where `schemas install` puts the official XSDs. */
export function schemaCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  return resolve(env.KSEF_GATEWAY_SCHEMA_CACHE ?? join(base, 'ksef-gateway', 'schemas'));
}
