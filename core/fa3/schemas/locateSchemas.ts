import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GatewayError } from '../../errors/GatewayError.js';
import { schemaCacheDir } from '../../config/paths.js';
import { FA3_ROOT_SCHEMA } from './schemaSources.js';

export interface LocateSchemasOptions {
  env?: NodeJS.ProcessEnv;
  /** Receives the "no schemas" warning, at most once per process. Default: one line on stderr. */
  warn?: (message: string) => void;
}

let warned = false;

export const NO_SCHEMAS_WARNING =
  'FA(3) schemas not found (KSEF_SCHEMAS_DIR unset, schema cache empty): validating business rules only, without the XSD. ' +
  'Run `ksef-gateway schemas install` to enable schema validation.';

/**
 * The schemas directory (it contains `fa3/`): `KSEF_SCHEMAS_DIR`, else the cache `schemas install` fills; never
 * `../shared` (DECISIONS.md 2). Returns undefined when neither has them, and warns once per process. A
 * `KSEF_SCHEMAS_DIR` that lacks the FA(3) schema is a configuration error, not a silent fallback.
 */
export function locateSchemas(opts: LocateSchemasOptions = {}): string | undefined {
  const env = opts.env ?? process.env;
  const explicit = env.KSEF_SCHEMAS_DIR;
  if (explicit !== undefined && explicit !== '') {
    const dir = resolve(explicit);
    if (!existsSync(join(dir, FA3_ROOT_SCHEMA))) {
      throw new GatewayError('GW_SCHEMAS_DIR_INVALID', 'config', `KSEF_SCHEMAS_DIR=${dir} has no ${FA3_ROOT_SCHEMA}`, { location: 'KSEF_SCHEMAS_DIR' });
    }
    return dir;
  }
  const cache = schemaCacheDir(env);
  if (existsSync(join(cache, FA3_ROOT_SCHEMA))) return cache;
  if (!warned) {
    warned = true;
    (opts.warn ?? ((m: string) => process.stderr.write(`ksef-gateway: warning: ${m}\n`)))(NO_SCHEMAS_WARNING);
  }
  return undefined;
}

/** For tests: lets the next miss warn again. */
export function resetSchemasWarning(): void {
  warned = false;
}
