import { rename, writeFile } from 'node:fs/promises';

/** Writes via a temporary file and a rename, so a reader never sees half a file and a crash leaves the old one. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}
