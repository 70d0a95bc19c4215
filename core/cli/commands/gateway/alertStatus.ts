import type { Writable } from 'node:stream';
import type { AlertStatus } from '../../../notifications/AlertStatus.js';
import { formatTable } from './formatTable.js';

/** The part of `status` about telling people: open alerts, unsent messages, consumers that are down. */
export function printAlertStatus(s: AlertStatus, out: Writable): void {
  if (s.open.length) {
    out.write(`Open alerts\n${formatTable(['rule', 'context', 'what', 'what to do'],
      s.open.map((c) => [c.rule, c.contextNip ?? '', c.title, c.action]))}\n\n`);
  }
  const unsent = Object.entries(s.unsent).filter(([, n]) => n > 0);
  if (unsent.length) out.write(`Alert messages not sent yet (kept and retried): ${unsent.map(([c, n]) => `${c} ${n}`).join(', ')}\n\n`);
  if (s.behind.length) {
    out.write(`Events not yet taken (kept until the consumer takes them)\n${formatTable(['consumer', 'waiting', 'oldest', 'attempts', 'next attempt', 'last error'],
      s.behind.map((b) => [b.consumer, String(b.waiting), b.oldestAt ? new Date(b.oldestAt).toISOString() : '', String(b.attempts),
        b.dueAt ? new Date(b.dueAt).toISOString() : '', b.lastError ?? '']))}\n\n`);
  }
}
