import type { AlertItem } from './AlertCondition.js';

export interface RenderedAlerts {
  readonly subject: string;
  readonly text: string;
  /** The webhook's `data`. */
  readonly data: { readonly items: readonly AlertItem[] };
}

const LABEL: Record<AlertItem['kind'], string> = { raised: 'ALERT', resolved: 'RESOLVED', test: 'TEST' };

/** One message for everything a channel has waiting: grouped, oldest first, each line naming its context and what to do. */
export function renderAlerts(items: readonly AlertItem[], gateway: string): RenderedAlerts {
  const sorted = [...items].sort((a, b) => a.at - b.at);
  const raised = sorted.filter((i) => i.kind === 'raised').length;
  const resolved = sorted.filter((i) => i.kind === 'resolved').length;
  const contexts = [...new Set(sorted.flatMap((i) => (i.contextNip ? [i.contextNip] : [])))];
  const counts = sorted.every((i) => i.kind === 'test') ? 'test message'
    : [raised ? `${raised} alert${raised > 1 ? 's' : ''}` : '', resolved ? `${resolved} resolved` : ''].filter(Boolean).join(', ');
  const subject = `[ksef-gateway ${gateway}] ${counts}${contexts.length ? ` (context ${contexts.join(', ')})` : ''}`;
  const lines = sorted.map((i) => `${LABEL[i.kind]} ${new Date(i.at).toISOString()}\n  ${i.title}${i.action ? `\n  What to do: ${i.action}` : ''}`);
  return { subject, text: `${lines.join('\n\n')}\n\n-- ksef-gateway ${gateway}\n`, data: { items: sorted } };
}
