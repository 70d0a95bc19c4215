import { rename, writeFile } from 'node:fs/promises';

let counter = 0;

/** Writes via a temporary file and a rename, so the ERP never reads half a file and a crash leaves the old one. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.${counter++}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}
