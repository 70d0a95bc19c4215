import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { GatewayError } from '../errors/GatewayError.js';
import { readFa3 } from '../fa3/Fa3Reader.js';
import type { InvoiceMetadata } from '../ksef/types/exports.js';
import { exportWindow } from './exportWindow.js';
import type { PurchaseClientProvider } from './PurchaseClient.js';
import type { PurchaseStore, ReceivedInvoice, SubjectType } from './ports/PurchaseStore.js';

export interface PurchaseSyncOptions {
  /** Instance id: the owner of the context's sync lease. */
  readonly owner: string;
  /** Where a context's first sync starts (ISO); default 30 days back. */
  readonly initialSince?: (contextNip: string) => string | undefined;
  /** Plugin instances that receive invoices: each new invoice is queued for each. */
  readonly consumers: () => readonly string[];
  /** Exports one context may start in an hour (KSeF: 20), across subject types and instances. */
  readonly exportsPerHour?: number;
  /** Exports one run may chain (truncated packages, catching up). */
  readonly maxExportsPerRun?: number;
  readonly leaseMs?: number;
  readonly pollIntervalMs?: number;
  /** Invoices stored per transaction (default 500). */
  readonly storeChunk?: number;
  readonly now?: () => number;
  readonly logger: Logger;
  /** Called after each package is stored (metrics). */
  readonly onPackage?: (e: { contextNip: string; subjectType: SubjectType; invoices: number; fresh: number }) => void;
}

export interface SyncResult {
  readonly contextNip: string;
  readonly subjectType: SubjectType;
  readonly outcome: 'synced' | 'locked' | 'no-budget';
  readonly exports: number;
  readonly received: number;
  readonly continueFrom?: string;
}

const CHUNK = 500;

/**
 * One sync of one (context, subject type), as KSeF advises (PROTOCOL.md §8.4): exports by PermanentStorage from
 * the stored cursor, restricted to the HWM; each package's invoices stored (deduplicated by KSeF number) before
 * the cursor moves to `lastPermanentStorageDate` (truncated) or the HWM. A crash at any point repeats at most the
 * last package, whose invoices the store then skips.
 */
export class PurchaseSync {
  private readonly now: () => number;

  constructor(private readonly store: PurchaseStore, private readonly clients: PurchaseClientProvider, private readonly o: PurchaseSyncOptions) {
    this.now = o.now ?? Date.now;
  }

  async sync(contextNip: string, subjectType: SubjectType, opts: { since?: string; signal?: AbortSignal } = {}): Promise<SyncResult> {
    const leaseMs = this.o.leaseMs ?? 30 * 60_000;
    if (!(await this.store.tryLease(contextNip, this.o.owner, this.now(), leaseMs))) {
      return { contextNip, subjectType, outcome: 'locked', exports: 0, received: 0 };
    }
    const log = this.o.logger.child({ context: contextNip, subjectType });
    let exports = 0;
    let received = 0;
    try {
      const cursor = await this.store.cursor(contextNip, subjectType);
      let from = opts.since ?? cursor?.continueFrom ?? this.o.initialSince?.(contextNip) ?? new Date(this.now() - 30 * 86_400_000).toISOString();
      const client = await this.clients.forContext(contextNip);
      // An export whose package expired before it was fetched (status 210, or its parts gone mid-download) stored
      // nothing: the same range is exported again, inside the run's and the hour's limits.
      let expired: GatewayError | undefined;
      for (;;) {
        if (exports >= (this.o.maxExportsPerRun ?? 4)) {
          if (expired) throw expired;
          break;
        }
        const used = await this.store.exportsSince(contextNip, this.now() - 3600_000);
        if (used >= (this.o.exportsPerHour ?? 20)) {
          log.warn({ used }, 'export budget of the hour spent; the sync continues later');
          if (expired) throw expired;
          return { contextNip, subjectType, outcome: exports === 0 ? 'no-budget' : 'synced', exports, received, continueFrom: from };
        }
        const window = exportWindow(from, this.now());
        const started = await client.startInvoiceExport({
          subjectType, dateRange: { dateType: 'PermanentStorage', from: window.from, to: window.to, restrictToPermanentStorageHwmDate: true },
        }, { signal: opts.signal });
        exports++;
        await this.store.logExport(contextNip, subjectType, started.referenceNumber, this.now());
        await this.store.tryLease(contextNip, this.o.owner, this.now(), leaseMs);
        const status = await client.waitForInvoiceExport(started.referenceNumber, { pollIntervalMs: this.o.pollIntervalMs ?? 2000, signal: opts.signal });
        // 420: the cursor is already at the HWM; nothing is complete past it yet.
        if (status.status.code === 420) break;
        if (status.status.code === 210) {
          expired = new GatewayError('GW_PURCHASES_EXPORT_EXPIRED', 'transient', `Export ${started.referenceNumber} expired before its package was downloaded (status 210)`);
          log.warn({ exportRef: started.referenceNumber }, 'export package expired before download; exporting the range again');
          continue;
        }
        if (status.status.code !== 200 || !status.package) {
          throw new GatewayError('GW_PURCHASES_EXPORT_FAILED', 'system',
            `Export ${started.referenceNumber} ended with status ${status.status.code} (${status.status.description})`);
        }
        const pkg = status.package;
        let downloaded: Awaited<ReturnType<typeof client.downloadInvoiceExport>>;
        try {
          downloaded = await client.downloadInvoiceExport(started, status, { signal: opts.signal });
        } catch (err) {
          if (!GatewayError.is(err, 'GW_KSEF_EXPORT_EXPIRED')) throw err;
          expired = err;
          log.warn({ exportRef: started.referenceNumber, err }, 'export package expired while downloading; exporting the range again');
          continue;
        }
        expired = undefined;
        const fresh = await this.storePackage(contextNip, subjectType, downloaded);
        received += fresh;
        this.o.onPackage?.({ contextNip, subjectType, invoices: pkg.invoiceCount, fresh });
        const hwm = pkg.permanentStorageHwmDate ?? null;
        const next = pkg.isTruncated && pkg.lastPermanentStorageDate ? pkg.lastPermanentStorageDate
          : window.to && (!hwm || Date.parse(window.to) < Date.parse(hwm)) ? window.to : hwm ?? from;
        await this.store.advanceCursor(contextNip, subjectType, { continueFrom: next, hwm, received: fresh, now: this.now() });
        log.info({ exportRef: started.referenceNumber, invoices: pkg.invoiceCount, fresh, truncated: pkg.isTruncated, continueFrom: next }, 'export package stored');
        from = next;
        if (!pkg.isTruncated && !window.to) break;
      }
      if (exports === 0 || received === 0) await this.store.advanceCursor(contextNip, subjectType, { continueFrom: from, hwm: null, received: 0, now: this.now() });
      return { contextNip, subjectType, outcome: 'synced', exports, received, continueFrom: from };
    } catch (err) {
      await this.store.recordSyncError(contextNip, subjectType, err instanceof Error ? err.message : String(err), this.now()).catch(() => undefined);
      throw err;
    } finally {
      await this.store.releaseLease(contextNip, this.o.owner).catch(() => undefined);
    }
  }

  /** Stores a downloaded package in chunks; every file is checked against `_metadata.json` and read as FA(3). */
  private async storePackage(contextNip: string, subjectType: SubjectType, pkg: Awaited<ReturnType<Awaited<ReturnType<PurchaseClientProvider['forContext']>>['downloadInvoiceExport']>>): Promise<number> {
    try {
      const metadata = new Map((await pkg.archive.metadata<InvoiceMetadata>()).map((m) => [m.ksefNumber, m]));
      const consumers = this.o.consumers();
      let chunk: ReceivedInvoice[] = [];
      let fresh = 0;
      const seen = new Set<string>();
      for await (const file of pkg.archive.invoices()) {
        const m = metadata.get(file.ksefNumber);
        if (!m) throw new GatewayError('GW_PURCHASES_PACKAGE', 'system', `Export package holds ${file.ksefNumber}.xml, which _metadata.json does not list`);
        const hash = createHash('sha256').update(file.bytes).digest('base64');
        if (hash !== m.invoiceHash) throw new GatewayError('GW_PURCHASES_PACKAGE', 'system', `Invoice ${file.ksefNumber}: its bytes do not match invoiceHash of _metadata.json`);
        // Read with the FA(3) reader, as the ERP side will; an invoice it cannot read is still stored and delivered
        // byte for byte (KSeF holds other forms too, e.g. PEF), with a warning.
        try {
          readFa3(file.bytes, `${file.ksefNumber}.xml`);
        } catch (err) {
          this.o.logger.warn({ err, ksefNumber: file.ksefNumber }, 'received invoice is not readable as FA(3); stored as received');
        }
        seen.add(file.ksefNumber);
        chunk.push({
          contextNip, ksefNumber: m.ksefNumber, subjectType, invoiceNumber: m.invoiceNumber, sellerNip: m.seller.nip, issueDate: m.issueDate,
          acquisitionDate: m.acquisitionDate, permanentStorageDate: m.permanentStorageDate, invoiceHash: hash, metadata: m as unknown as Record<string, unknown>,
          xml: file.bytes, receivedAt: this.now(),
        });
        if (chunk.length >= (this.o.storeChunk ?? CHUNK)) {
          fresh += (await this.store.storeInvoices(chunk, consumers)).length;
          chunk = [];
        }
      }
      fresh += (await this.store.storeInvoices(chunk, consumers)).length;
      const missing = [...metadata.keys()].filter((n) => !seen.has(n));
      if (missing.length > 0) throw new GatewayError('GW_PURCHASES_PACKAGE', 'system', `Export package lacks the XML of ${missing.length} invoice(s) it lists, e.g. ${missing[0]}`);
      return fresh;
    } finally {
      await pkg.dispose();
    }
  }
}
