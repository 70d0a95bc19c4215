import type { ServiceIdentifier } from 'inversify';
import type { KsefClient } from '../../ksef/KsefClient.js';
import type { CredentialKind } from '../../vault/CredentialVault.js';

/** The part of the KSeF client the pipeline uses (PROTOCOL.md §6-7). */
export type SessionClient = Pick<KsefClient,
  'openOnlineSession' | 'sendOnlineInvoice' | 'closeOnlineSession' | 'sendBatch' | 'getSessionStatus' |
  'listSessionInvoices' | 'getInvoiceUpo' | 'getSessionUpo' | 'rateRoom' | 'getInvoice'>;

/** One authenticated client per KSeF context, built from that context's credential. */
export interface KsefClientProvider {
  /** Throws a GatewayError of kind `config` when the context has no usable credential or KSeF refuses it. */
  forContext(contextNip: string): Promise<SessionClient>;
  /** Drops the cached client (after a credential change or failure). */
  release(contextNip: string): Promise<void>;
  closeAll(): Promise<void>;
  /** Ends every rate-limit and retry wait of every client (shutdown) until `closeAll`. */
  interruptWaits?(): void;
  /** Which vault entry the context authenticates with (token when absent). */
  credentialKind?(contextNip: string): CredentialKind;
}

export const KSEF_CLIENT_PROVIDER = Symbol.for('ksef-gateway/pipeline/KsefClientProvider') as ServiceIdentifier<KsefClientProvider>;
