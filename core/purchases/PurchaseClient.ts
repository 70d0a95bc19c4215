import type { KsefClient } from '../ksef/KsefClient.js';

/** The part of the KSeF client the inbound direction uses (PROTOCOL.md §8). */
export type PurchaseClient = Pick<KsefClient, 'startInvoiceExport' | 'waitForInvoiceExport' | 'downloadInvoiceExport' | 'getInvoice'>;

/** An authenticated client per context (the gateway's VaultKsefClientProvider gives KsefClients). */
export interface PurchaseClientProvider {
  forContext(contextNip: string): Promise<PurchaseClient>;
}
