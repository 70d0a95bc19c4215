import { createSecretKey, type KeyObject } from 'node:crypto';
import type { Logger } from 'pino';
import type { SimKeyring } from './crypto/SimKeyring.js';
import type { SimJwt } from './crypto/SimJwt.js';
import { hmacHex } from './crypto/simCrypto.js';
import type { FaultConfig } from './faults/FaultConfig.js';
import type { InvoiceChecker } from './processing/InvoiceChecker.js';
import type { SimStore } from './store/SimStore.js';
import type { AuthRecord, ContextId, SubjectRecord } from './store/records.js';
import { ipAllowed } from './auth/ipAllowed.js';
import type { Caller } from './http/SimRequest.js';
import { SimHttpError } from './http/SimHttpError.js';
import { RequestLog } from './http/RequestLog.js';
import { microsIso } from './retrieval/ksefDates.js';

export interface SimTimings {
  /** Time from acceptance to the final status of an invoice, a closed session or an authentication. */
  processingDelayMs: number;
  /** How long pre-signed URLs stay valid. */
  downloadUrlLifetimeMs: number;
  /** How far `permanentStorageHwmDate` lags behind now: invoices stored since may still be missing from a package. */
  hwmLagMs: number;
  /** Where export packages are cut (PROTOCOL.md §8.3). */
  exportLimits: ExportLimits;
}

export interface ExportLimits {
  /** Invoices per package (KSeF: 10,000). */
  maxInvoices: number;
  /** Compressed invoice bytes per package, `_metadata.json` not counted (KSeF: 1 GB). */
  maxPackageBytes: number;
  /** Bytes per part before encryption (KSeF: 50 MiB). */
  maxPartBytes: number;
  /** How long a finished package can be downloaded; its status then says 210 (the status itself goes after 7 days: 410). */
  packageLifetimeMs: number;
  /** Records one metadata-query filter set reaches before `isTruncated` (KSeF: 10,000). */
  metadataRecordLimit: number;
}

export const KSEF_EXPORT_LIMITS: ExportLimits = {
  maxInvoices: 10_000, maxPackageBytes: 1_000_000_000, maxPartBytes: 52_428_800, packageLifetimeMs: 3 * 24 * 3600_000, metadataRecordLimit: 10_000,
};

/** Everything route modules share. Route modules get it in `register(router, sim)`. */
export class SimContext {
  private origin = 'http://127.0.0.1';
  private lastStorageMicros = 0;
  private readonly urlKey: KeyObject;
  /** What arrived, for tests (RunningSimulator.requestsReceived). */
  readonly requests = new RequestLog();
  /** Exports the `exportExpiry` fault has doomed since the faults were last set. */
  exportExpiries = 0;

  constructor(
    readonly store: SimStore,
    readonly keys: SimKeyring,
    readonly jwt: SimJwt,
    private readonly urlSecret: Buffer,
    readonly checker: InvoiceChecker,
    readonly timings: SimTimings,
    private readonly clock: () => Date,
    public faults: FaultConfig,
    readonly logger?: Logger,
  ) {
    this.urlKey = createSecretKey(urlSecret);
  }

  /**
   * A permanentStorageDate at or after `atMs`, later than every one given before (to the microsecond, as KSeF's
   * carry): a package cut between two invoices then never splits one instant, and continuing from
   * lastPermanentStorageDate repeats only the last invoice.
   */
  permanentStorageDate(atMs: number): string {
    this.lastStorageMicros = Math.max(atMs * 1000, this.lastStorageMicros + 1);
    return microsIso(this.lastStorageMicros);
  }

  now(): Date {
    return this.clock();
  }

  /** ISO time `ms` from now. */
  later(ms: number): string {
    return new Date(this.now().getTime() + ms).toISOString();
  }

  processingDelayMs(): number {
    return this.timings.processingDelayMs + (this.faults.slowProcessingMs ?? 0);
  }

  isDue(iso: string | undefined): boolean {
    return iso !== undefined && Date.parse(iso) <= this.now().getTime();
  }

  setOrigin(origin: string): void {
    this.origin = origin;
  }

  /** A pre-signed URL (no Authorization header needed), valid until `expires`. */
  signedUrl(path: string, expires: Date): string {
    const exp = String(Math.floor(expires.getTime() / 1000));
    return `${this.origin}${path}?se=${exp}&sig=${hmacHex(this.urlKey, `${path}|${exp}`)}`;
  }

  /** 'ok', 'expired' or 'invalid' for the query of a pre-signed URL. */
  checkSignedUrl(path: string, query: URLSearchParams): 'ok' | 'expired' | 'invalid' {
    const exp = query.get('se') ?? '';
    if (query.get('sig') !== hmacHex(this.urlKey, `${path}|${exp}`)) return 'invalid';
    return Number(exp) * 1000 < this.now().getTime() ? 'expired' : 'ok';
  }

  subject(nip: string): SubjectRecord {
    return this.store.get<SubjectRecord>('subject', nip) ?? this.store.put('subject', nip, { nip, attachmentsEnabled: false, blocked: false });
  }

  /** 403 ip-not-allowed when the authentication limited its tokens to other addresses. */
  assertIpAllowed(caller: Caller, clientIp: string): void {
    const policy = this.store.get<AuthRecord>('auth', caller.authRef)?.allowedIps;
    if (!ipAllowed(policy, clientIp)) {
      throw new SimHttpError({ status: 403, detail: `Żądanie z adresu ${clientIp} jest niedozwolone.`, reasonCode: 'ip-not-allowed', security: { clientIp } });
    }
  }

  contextKey(c: ContextId): string {
    return `${c.type}:${c.value}`;
  }
}
