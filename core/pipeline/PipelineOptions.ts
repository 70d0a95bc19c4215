/** Tuning of the scheduler; every value has a default that fits KSeF's limits (PROTOCOL.md §10). */
export interface PipelineOptions {
  /** Lease owner name; unique per gateway instance. */
  readonly instanceId: string;
  /** Holds `upo/`, the UPO files of documents accepted before UPOs were kept in the store (read only). */
  readonly dataDir: string;
  /** KOD I base (PROTOCOL.md §9.3), e.g. https://qr.ksef.mf.gov.pl for production. */
  readonly qrBaseUrl: string;
  readonly tickMs: number;
  readonly leaseMs: number;
  /** Flush a batch at this many invoices (KSeF's maximum is 10,000). */
  readonly batchMaxInvoices: number;
  /** ... or at this many bytes of XML. */
  readonly batchMaxBytes: number;
  /** ... or when the oldest queued invoice has waited this long. */
  readonly batchMaxWaitMs: number;
  /** Below this many waiting invoices a flush goes online instead of as a batch ("low volume"). */
  readonly onlineBelow: number;
  readonly onlineConcurrency: number;
  /** Close an idle online session after this long (it is otherwise reused until near its 12 h end). */
  readonly onlineIdleCloseMs: number;
  readonly batchFormat: 'zip' | 'tar.gz';
  readonly batchMaxPartSize?: number;
  readonly pollBaseMs: number;
  readonly pollMaxMs: number;
  readonly deliveryBaseMs: number;
  readonly deliveryMaxMs: number;
  /** After this many sends without a verdict, the document is rejected instead of requeued. */
  readonly maxSendAttempts: number;
  /** Pause a context after a transient KSeF failure for this long (doubling up to pollMaxMs). */
  readonly retryBaseMs: number;
}

export const DEFAULT_PIPELINE_OPTIONS: Omit<PipelineOptions, 'instanceId' | 'dataDir'> = {
  qrBaseUrl: 'https://qr-test.ksef.mf.gov.pl',
  tickMs: 250,
  leaseMs: 10 * 60_000,
  batchMaxInvoices: 10_000,
  batchMaxBytes: 90_000_000,
  batchMaxWaitMs: 60_000,
  onlineBelow: 50,
  onlineConcurrency: 4,
  onlineIdleCloseMs: 120_000,
  batchFormat: 'zip',
  pollBaseMs: 1_000,
  pollMaxMs: 30_000,
  deliveryBaseMs: 1_000,
  deliveryMaxMs: 10 * 60_000,
  maxSendAttempts: 5,
  retryBaseMs: 1_000,
};

export function backoff(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 20));
}
