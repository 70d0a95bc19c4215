import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * The lease owner name of this gateway instance. It must survive restarts: recovery releases the leases held under
 * this name at once, whereas leases of a name never seen again wait for their expiry (10 min by default).
 */
export function instanceId(dataDir: string, configured?: string): string {
  if (configured) return configured;
  const file = join(dataDir, 'instance-id');
  try {
    const id = readFileSync(file, 'utf8').trim();
    if (id) return id;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const id = `${hostname().replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 40)}-${randomBytes(4).toString('hex')}`;
  try {
    writeFileSync(file, `${id}\n`, { flag: 'wx' });
    return id;
  } catch (err) {
    // Another process created it first: use theirs, so both agree.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw err;
  }
}
