import { loadOnce } from '../../lazy/loadOnce.js';
import type { Fa3XsdValidator } from './Fa3XsdValidator.js';

/**
 * The FA(3) schemas a gateway validates with: where they are, and the XSD compiled on this thread at the first call
 * of `xsd()`. With validation threads each thread compiles its own, and the event loop's thread never needs one: it
 * then never loads libxml2 (about 28 MB of resident memory: the WebAssembly module's memory and the compiled schema).
 */
export class Fa3Schemas {
  private compiled: Fa3XsdValidator | null = null;
  /** null without schemas (validation is then business rules only); a broken schema throws GW_FA3_SCHEMA_MISSING or libxml2's error. */
  readonly xsd: () => Promise<Fa3XsdValidator | null>;

  /** @param dir the folder that contains `fa3/` (KSEF_SCHEMAS_DIR, or the `schemas install` cache), or null. */
  constructor(readonly dir: string | null) {
    this.xsd = loadOnce(async () => {
      if (dir === null) return null;
      const { Fa3XsdValidator } = await import('./Fa3XsdValidator.js');
      this.compiled = await Fa3XsdValidator.load(dir);
      return this.compiled;
    });
  }

  dispose(): void {
    this.compiled?.dispose();
    this.compiled = null;
  }
}
