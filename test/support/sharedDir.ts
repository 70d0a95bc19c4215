import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Public KSeF data lives beside the project, never inside it (DECISIONS.md 2). */
export const SHARED_DIR = resolve(process.env.KSEF_SHARED_DIR ?? join(process.cwd(), '..', 'shared'));
export const KSEF_DIR = join(SHARED_DIR, 'ksef');
export const SCHEMAS_DIR = join(KSEF_DIR, 'schemas');
export const FA3_SAMPLES_DIR = join(KSEF_DIR, 'samples', 'fa3');
export const OPENAPI_PATH = join(KSEF_DIR, 'openapi.json');
export const TEST_VECTORS_DIR = join(KSEF_DIR, 'test-vectors');

if (!existsSync(KSEF_DIR)) {
  throw new Error(`Shared KSeF data not found at ${KSEF_DIR}; set KSEF_SHARED_DIR`);
}
