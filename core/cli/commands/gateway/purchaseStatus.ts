import type { Writable } from 'node:stream';
import type { PurchaseStatus } from '../../../purchases/PurchaseService.js';
import { formatTable } from './formatTable.js';

/** The purchase lines of `status` and `purchases status`. */
export function printPurchaseStatus(status: PurchaseStatus, out: Writable): void {
  const rows = status.cursors.map((c) => [c.contextNip, c.subjectType, c.lastSyncAt === null ? '' : new Date(c.lastSyncAt).toISOString(), c.hwm ?? '',
    String(c.received), String(status.budgetLeft[c.contextNip] ?? ''), c.lastError ?? '']);
  out.write(`Received invoices (purchase sync)\n${rows.length ? formatTable(['context', 'subject', 'last sync', 'HWM', 'received', 'budget left (h)', 'last error'], rows) : '(no sync yet)'}\n`);
  const pending = Object.entries(status.pendingDeliveries);
  if (pending.length) out.write(`Deliveries pending\n${formatTable(['plugin', 'invoices'], pending.map(([p, n]) => [p, String(n)]))}\n`);
  out.write('\n');
}
