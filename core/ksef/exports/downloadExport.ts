import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayError } from '../../errors/GatewayError.js';
import type { KsefHttp } from '../http/KsefHttp.js';
import type { ExportStatus, StartedExport } from '../types/exports.js';
import { downloadExportParts, type DownloadOptions } from './downloadExportParts.js';
import { ExportArchive } from './readExportArchive.js';

export interface DownloadedExport {
  readonly archive: ExportArchive;
  /** Plain archive size in bytes. */
  readonly size: number;
  /** Deletes the decrypted package from disk. */
  dispose(): Promise<void>;
}

/** Downloads and decrypts a finished export (status 200) into a private temporary directory. */
export async function downloadExport(http: KsefHttp, started: StartedExport, status: ExportStatus, opts: DownloadOptions & { tmpDir?: string } = {}): Promise<DownloadedExport> {
  if (status.status.code !== 200 || !status.package) {
    throw new GatewayError('GW_KSEF_EXPORT_NOT_READY', status.status.code === 100 ? 'transient' : 'data',
      `Export ${started.referenceNumber} has status ${status.status.code} (${status.status.description}): no package to download`);
  }
  const dir = await mkdtemp(join(opts.tmpDir ?? tmpdir(), 'ksef-export-'));
  const ext = started.compressionType === 'TarGz' ? 'tar.gz' : 'zip';
  const file = join(dir, `package.${ext}`);
  try {
    const size = await downloadExportParts(http, status.package.parts, started, file, opts);
    return { archive: new ExportArchive(file, started.compressionType), size, dispose: () => rm(dir, { recursive: true, force: true }) };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
