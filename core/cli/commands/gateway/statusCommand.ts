import type { Writable } from 'node:stream';
import type { DocumentState } from '../../../plugin-api/types.js';
import type { PipelineStatus } from '../../../pipeline/PipelineQueries.js';
import { credentialStatusLabel } from '../../../vault/credentialStatusLabel.js';
import { formatTable } from './formatTable.js';
import { STATE_MEANINGS } from './stateMeanings.js';

const STATES: readonly DocumentState[] = ['received', 'invalid', 'queued', 'sending', 'sent', 'accepted', 'rejected', 'delivered'];

/** `status`: counts per state and context, paused contexts, credentials (never a value), the latest errors. */
export function printStatus(status: PipelineStatus, out: Writable): void {
  const contexts = [...new Set(status.counts.map((c) => c.contextNip ?? '(none)'))].sort();
  const rows = contexts.map((ctx) => [ctx, ...STATES.map((s) => String(status.counts.find((c) => (c.contextNip ?? '(none)') === ctx && c.state === s)?.count ?? 0))]);
  out.write(`Documents per state and context\n${rows.length ? formatTable(['context', ...STATES], rows) : '(no documents yet)'}\n\n`);
  if (rows.length) out.write(`What the states mean\n${formatTable(['state', 'meaning'], STATES.map((s) => [s, STATE_MEANINGS[s]]))}\n\n`);
  const paused = Object.entries(status.paused);
  if (paused.length) out.write(`Paused contexts\n${formatTable(['context', 'reason'], paused)}\n\n`);
  if (status.credentials.length) {
    out.write(`Credentials\n${formatTable(['context', 'kind', 'status', 'reference', 'permissions', 'last authenticated'],
      status.credentials.map((c) => [c.contextNip, c.kind, credentialStatusLabel(c), c.referenceNumber ?? '', c.permissions.join(','), c.lastAuthenticatedAt ?? '']))}\n\n`);
  }
  const failing = status.failingDeliveries;
  if (failing.count > 0) {
    out.write(`Outcome deliveries failing: ${failing.count} outcome(s) not taken by their plugin; retried with backoff (\`retry <document>\` retries now)\n`
      + `${formatTable(['document', 'erp id', 'plugin', 'attempts', 'next attempt', 'why'], failing.latest.map((d) => [
        d.id, d.erpId, d.source, String(d.deliveryAttempts), new Date(d.nextDeliveryAt).toISOString(), d.error]))}\n\n`);
  }
  if (status.problems.length) {
    out.write(`Background work failing (logged and counted; cleared when it works again)\n${formatTable(['area', 'failures', 'since', 'last', 'latest error'],
      status.problems.map((p) => [p.area, String(p.count), new Date(p.firstAt).toISOString(), new Date(p.lastAt).toISOString(), p.message]))}\n\n`);
  }
  if (status.latestErrors.length) {
    out.write(`Latest errors\n${formatTable(['document', 'erp id', 'state', 'code', 'location', 'message'],
      status.latestErrors.flatMap((d) => d.errors.map((e) => [d.id, d.erpId, d.state, e.code, e.location ?? '', e.explanation ? `${e.message} (in English: ${e.explanation})` : e.message])))}\n`);
  }
}
