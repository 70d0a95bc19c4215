import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayError } from '../../errors/GatewayError.js';
import { newSymmetricKey } from '../crypto/aesCbc.js';
import { buildArchive } from '../batch/buildArchive.js';
import { encryptParts, MAX_PART_SIZE, type EncryptedPart } from '../batch/encryptParts.js';
import { FA3_FORM_CODE, type BatchInvoice, type SendBatchOptions, type SentBatch } from '../types/sessions.js';
import { encryptionInfo, type ApiContext } from './ApiContext.js';
import { guardOutcome } from './outcomeUnknown.js';
import { withFreshKeys } from './withFreshKeys.js';

interface PartUploadRequest {
  ordinalNumber: number;
  method: string;
  url: string;
  headers?: Record<string, string | null> | null;
}

const UPLOAD_CONCURRENCY = 4;
/** PROTOCOL.md §10.3; KSeF would fail the whole session with status 420. */
const MAX_INVOICES_PER_SESSION = 10_000;

/**
 * Batch session (PROTOCOL.md §7): package to a temp file, split and encrypt the parts to temp files, open the
 * session with their hashes, upload the parts in parallel to the returned URLs, close. Temp files are removed.
 */
export class BatchSender {
  constructor(private readonly ctx: ApiContext) {}

  async send(invoices: AsyncIterable<BatchInvoice> | Iterable<BatchInvoice>, opts: SendBatchOptions = {}): Promise<SentBatch> {
    const dir = await mkdtemp(join(tmpdir(), 'ksef-batch-'));
    try {
      const format = opts.format ?? 'zip';
      const archive = await buildArchive(invoices, format, dir);
      if (archive.files.length > MAX_INVOICES_PER_SESSION) {
        throw new GatewayError('GW_KSEF_BATCH_TOO_MANY_INVOICES', 'data', `A batch holds at most ${MAX_INVOICES_PER_SESSION} invoices, got ${archive.files.length}`);
      }
      const key = newSymmetricKey();
      const parts = await encryptParts(archive, key, dir, opts.maxPartSize ?? MAX_PART_SIZE);
      const batchFile = {
        fileSize: archive.size,
        fileHash: archive.hash,
        compressionType: format === 'zip' ? 'Zip' : 'TarGz',
        fileParts: parts.map((p) => ({ ordinalNumber: p.ordinalNumber, fileSize: p.size, fileHash: p.hash })),
      };
      const opened = await withFreshKeys(this.ctx, () => guardOutcome({ operation: 'openBatchSession' }, () => this.ctx.authed(async (bearer) => {
        const json = {
          formCode: opts.formCode ?? FA3_FORM_CODE,
          batchFile,
          encryption: await encryptionInfo(this.ctx, key, opts.signal),
          offlineMode: opts.offlineMode ?? false,
        };
        return this.ctx.http.json<{ referenceNumber: string; partUploadRequests: PartUploadRequest[] }>({
          method: 'POST', path: '/sessions/batch', bearer, json, retry: 'unsafe', signal: opts.signal,
        });
      }, opts.signal)));
      const ref = opened.referenceNumber;
      this.ctx.logger.info({ sessionReferenceNumber: ref, invoices: archive.files.length, parts: parts.length, packageSize: archive.size }, 'batch session opened');
      await opts.onOpened?.(ref);
      await this.uploadAll(parts, opened.partUploadRequests, opts.signal);
      await guardOutcome({ operation: 'closeSession', sessionReferenceNumber: ref }, () => this.ctx.authed((bearer) => this.ctx.http.send({
        method: 'POST', path: `/sessions/batch/${ref}/close`, bearer, retry: 'unsafe', signal: opts.signal,
      }), opts.signal));
      this.ctx.logger.info({ sessionReferenceNumber: ref }, 'batch session closed');
      return { sessionReferenceNumber: ref, files: archive.files, partCount: parts.length, packageSize: archive.size };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async uploadAll(parts: readonly EncryptedPart[], requests: readonly PartUploadRequest[], signal?: AbortSignal): Promise<void> {
    const queue = [...parts];
    const worker = async (): Promise<void> => {
      for (let part = queue.shift(); part; part = queue.shift()) {
        const target = requests.find((r) => r.ordinalNumber === part!.ordinalNumber);
        if (!target) throw new GatewayError('GW_KSEF_BATCH_UPLOAD', 'system', `KSeF returned no upload URL for part ${part.ordinalNumber}`);
        try {
          await this.upload(part, target, signal);
        } catch (err) {
          queue.length = 0; // stop the other workers: the session cannot be closed anyway
          throw err;
        }
      }
    };
    // allSettled: the temp files must outlive every upload still running when one fails.
    const results = await Promise.allSettled(Array.from({ length: Math.min(UPLOAD_CONCURRENCY, parts.length) }, worker));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Exactly the returned method and headers, the raw encrypted bytes, and no Authorization header. */
  private async upload(part: EncryptedPart, target: PartUploadRequest, signal?: AbortSignal): Promise<void> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(target.headers ?? {})) if (value !== null) headers[name] = value;
    await this.ctx.http.send({
      method: target.method.toUpperCase() as 'PUT',
      path: target.url,
      headers,
      body: () => createReadStream(part.path),
      contentLength: part.size,
      rateLimitGroup: 'none',
      retry: 'safe', // a PUT of the same bytes to the same blob is idempotent
      timeoutMs: 60_000 + part.size / 100, // allow ~100 kB/s at worst
      signal,
    });
  }
}
