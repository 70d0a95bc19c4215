import { GatewayError } from '../../errors/GatewayError.js';
import { newSymmetricKey } from '../crypto/aesCbc.js';
import { sleep } from '../http/sleep.js';
import type { ExportStatus, StartExportOptions, StartedExport } from '../types/exports.js';
import type { InvoiceQueryFilters } from '../types/invoices.js';
import { encryptionInfo, type ApiContext } from './ApiContext.js';
import { withFreshKeys } from './withFreshKeys.js';

/** `POST /invoices/exports` and `GET /invoices/exports/{ref}` (PROTOCOL.md §8.3). */
export class ExportsApi {
  constructor(private readonly ctx: ApiContext) {}

  /**
   * Starts an export with a fresh AES key. Not retried after an unknown outcome: every start counts against the
   * 20-an-hour export budget, and an export lost that way only costs one of them.
   */
  start(filters: InvoiceQueryFilters, opts: StartExportOptions = {}): Promise<StartedExport> {
    const key = newSymmetricKey();
    const compressionType = opts.compressionType ?? 'Zip';
    return withFreshKeys(this.ctx, async () => {
      const encryption = await encryptionInfo(this.ctx, key, opts.signal);
      const res = await this.ctx.authed((bearer) => this.ctx.http.json<{ referenceNumber: string }>({
        method: 'POST', path: '/invoices/exports', bearer, retry: 'unsafe', signal: opts.signal,
        json: { encryption, filters, onlyMetadata: opts.onlyMetadata ?? false, compressionType },
      }), opts.signal);
      return { referenceNumber: res.referenceNumber, key, filters, compressionType };
    });
  }

  status(referenceNumber: string, signal?: AbortSignal): Promise<ExportStatus> {
    return this.ctx.authed((bearer) => this.ctx.http.json<ExportStatus>({
      method: 'GET', path: `/invoices/exports/${referenceNumber}`, bearer, retry: 'safe', signal,
    }), signal);
  }

  /** Polls until the status leaves 100; any final status is returned (200 or a failure the caller judges). */
  async waitFor(referenceNumber: string, opts: { pollIntervalMs?: number; timeoutMs?: number; signal?: AbortSignal } = {}): Promise<ExportStatus> {
    const deadline = Date.now() + (opts.timeoutMs ?? 15 * 60_000);
    for (;;) {
      const s = await this.status(referenceNumber, opts.signal);
      if (s.status.code !== 100) return s;
      if (Date.now() > deadline) {
        throw new GatewayError('GW_KSEF_EXPORT_TIMEOUT', 'transient', `Export ${referenceNumber} still in progress after ${opts.timeoutMs ?? 900_000} ms`);
      }
      await sleep(opts.pollIntervalMs ?? 2000, opts.signal);
    }
  }
}
