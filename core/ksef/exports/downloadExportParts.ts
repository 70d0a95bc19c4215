import { createDecipheriv, createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { GatewayError } from '../../errors/GatewayError.js';
import { KsefApiError } from '../errors/KsefApiError.js';
import type { KsefHttp } from '../http/KsefHttp.js';
import type { ExportPart, StartedExport } from '../types/exports.js';

export interface DownloadOptions {
  /** Parts fetched at once (pre-signed URLs are outside the rate limits); default 4. */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('base64');

function partError(part: ExportPart, what: string): GatewayError {
  // The URL carries a signature: only the part's number and name go into the message.
  return new GatewayError('GW_KSEF_EXPORT_PART', 'transient', `Export part ${part.ordinalNumber} (${part.partName}): ${what}`);
}

/**
 * Fetches every part, checks `x-ms-meta-hash` and the encrypted hash, decrypts each part on its own (each is its
 * own CBC stream) and checks the plain hash, writing the plaintext at its place in `file`. Parts run in parallel;
 * memory holds at most `concurrency` parts, never the package.
 */
export async function downloadExportParts(http: KsefHttp, parts: readonly ExportPart[], started: Pick<StartedExport, 'key'>, file: string, opts: DownloadOptions = {}): Promise<number> {
  const ordered = [...parts].sort((a, b) => a.ordinalNumber - b.ordinalNumber);
  const offsets: number[] = [];
  let total = 0;
  for (const p of ordered) {
    offsets.push(total);
    total += p.partSize;
  }
  const fh = await open(file, 'w', 0o600);
  try {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < ordered.length) {
        const i = next++;
        const part = ordered[i];
        const res = await http.send({ method: 'GET', path: part.url, rateLimitGroup: 'none', retry: 'safe', signal: opts.signal }).catch((err: unknown) => {
          // A link past its time (403) or a package KSeF has deleted (404) never comes back: only a new export helps.
          if (KsefApiError.isApi(err) && (err.httpStatus === 403 || err.httpStatus === 404)) {
            throw new GatewayError('GW_KSEF_EXPORT_EXPIRED', 'transient',
              `Export part ${part.ordinalNumber} (${part.partName}): HTTP ${err.httpStatus}, the package or its link has expired; start a new export`, { cause: err });
          }
          throw err;
        });
        const header = res.headers['x-ms-meta-hash'];
        if (header && header !== part.encryptedPartHash) throw partError(part, 'x-ms-meta-hash differs from encryptedPartHash');
        if (res.bytes.length !== part.encryptedPartSize || sha256(res.bytes) !== part.encryptedPartHash) throw partError(part, 'encrypted size or hash differs');
        let plain: Buffer;
        try {
          const d = createDecipheriv('aes-256-cbc', started.key.key, started.key.iv);
          plain = Buffer.concat([d.update(res.bytes), d.final()]);
        } catch (cause) {
          throw new GatewayError('GW_KSEF_EXPORT_DECRYPT', 'data', `Export part ${part.ordinalNumber} does not decrypt with the export's key`, { cause });
        }
        if (plain.length !== part.partSize || sha256(plain) !== part.partHash) throw partError(part, 'decrypted size or hash differs');
        await fh.write(plain, 0, plain.length, offsets[i]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 4, ordered.length) }, worker));
  } finally {
    await fh.close();
  }
  return total;
}
