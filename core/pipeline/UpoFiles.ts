import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Reads the UPO files of documents accepted before UPOs were kept in the store (their record still carries `upoPath`,
 * relative to `<dataDir>/upo/`). Nothing writes these files any more; they stay readable so that `upo get` and a
 * pending delivery keep working after the upgrade.
 */
export class UpoFiles {
  private readonly root: string;

  constructor(dataDir: string) {
    this.root = join(dataDir, 'upo');
  }

  read(relPath: string): Promise<Buffer> {
    return readFile(join(this.root, relPath));
  }
}
