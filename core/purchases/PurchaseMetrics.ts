import { Counter, Gauge, type Registry } from 'prom-client';
import type { PurchaseStatus } from './PurchaseService.js';

/** Prometheus series of the inbound direction, on the admin port's registry. */
export class PurchaseMetrics {
  private readonly received: Counter;
  private readonly delivered: Counter;
  private readonly lastSync: Gauge;
  private readonly hwm: Gauge;
  private readonly budget: Gauge;
  private readonly pending: Gauge;

  constructor(registry: Registry) {
    const registers = [registry];
    this.received = new Counter({ name: 'ksef_gateway_purchases_received_total', help: 'Invoices received from KSeF and stored (new ones only)', labelNames: ['context', 'subject'], registers });
    this.delivered = new Counter({ name: 'ksef_gateway_purchases_delivered_total', help: 'Received invoices acknowledged by a plugin', labelNames: ['plugin'], registers });
    this.lastSync = new Gauge({ name: 'ksef_gateway_purchases_last_sync_timestamp_seconds', help: 'End of the last sync', labelNames: ['context', 'subject'], registers });
    this.hwm = new Gauge({ name: 'ksef_gateway_purchases_hwm_timestamp_seconds', help: "KSeF's permanentStorageHwmDate at the last sync", labelNames: ['context', 'subject'], registers });
    this.budget = new Gauge({ name: 'ksef_gateway_purchases_export_budget_left', help: 'Exports the context may still start this hour', labelNames: ['context'], registers });
    this.pending = new Gauge({ name: 'ksef_gateway_purchases_deliveries_pending', help: 'Received invoices not yet acknowledged', labelNames: ['plugin'], registers });
  }

  receivedInvoices(context: string, subject: string, n: number): void {
    if (n > 0) this.received.inc({ context, subject }, n);
  }

  deliveredOne(plugin: string): void {
    this.delivered.inc({ plugin });
  }

  update(status: PurchaseStatus): void {
    for (const c of status.cursors) {
      if (c.lastSyncAt !== null) this.lastSync.set({ context: c.contextNip, subject: c.subjectType }, c.lastSyncAt / 1000);
      if (c.hwm) this.hwm.set({ context: c.contextNip, subject: c.subjectType }, Date.parse(c.hwm) / 1000);
    }
    for (const [context, left] of Object.entries(status.budgetLeft)) this.budget.set({ context }, left);
    this.pending.reset();
    for (const [plugin, n] of Object.entries(status.pendingDeliveries)) this.pending.set({ plugin }, n);
  }
}
