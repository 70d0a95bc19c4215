import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

const safe = (s: string): string => s.replace(/[^A-Za-z0-9._-]/g, '_');

/** UPOs as files under `<dataDir>/upo/`, byte for byte as KSeF sent them (DECISIONS.md 10); paths in the store are relative. */
export class UpoFiles {
  private readonly root: string;
  private readonly made = new Set<string>();

  constructor(dataDir: string) {
    this.root = join(dataDir, 'upo');
  }

  invoicePath(contextNip: string, ksefNumber: string): string {
    return join('invoices', safe(contextNip), `${safe(ksefNumber)}.xml`);
  }

  sessionPath(contextNip: string, sessionRef: string, page: number): string {
    return join('sessions', safe(contextNip), `${safe(sessionRef)}-${page}.xml`);
  }

  /**
   * Written in place: the store records the path only after the write completed, and a crash mid-write leaves the
   * document unaccepted, so the next poll writes the file again; a temporary file and rename per UPO showed high in the bench profile.
   */
  async write(relPath: string, bytes: Uint8Array): Promise<string> {
    const file = join(this.root, relPath);
    const dir = dirname(file);
    if (!this.made.has(dir)) {
      await mkdir(dir, { recursive: true });
      this.made.add(dir);
    }
    await writeFile(file, bytes);
    return relative(this.root, file);
  }

  read(relPath: string): Promise<Buffer> {
    return readFile(join(this.root, relPath));
  }
}
