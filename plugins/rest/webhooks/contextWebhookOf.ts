import type { GatewayEvent } from '../../../core/plugin-api/index.js';
import type { WebhookEvent } from './WebhookSubscriptions.js';

export interface ContextWebhook {
  readonly type: WebhookEvent;
  readonly context: string;
  /** One message per episode: the same event heard again (a redelivery) re-arms the same message. */
  readonly subject: string;
  readonly data: Record<string, unknown>;
}

/** The webhook a gateway event about a context announces, if any (docs/rest-api.md, Webhooks). */
export function contextWebhookOf(event: GatewayEvent): ContextWebhook | undefined {
  const subject = (nip: string) => `${nip}@${event.at}`;
  switch (event.type) {
    case 'context-paused':
      return { type: 'context.paused', context: event.contextNip, subject: subject(event.contextNip),
        data: { context: event.contextNip, at: event.at, reason: event.reason, message: event.message } };
    case 'context-resumed':
      return { type: 'context.resumed', context: event.contextNip, subject: subject(event.contextNip),
        data: { context: event.contextNip, at: event.at, message: event.message } };
    case 'credential-expiring':
      return { type: 'credential.expiring', context: event.contextNip, subject: subject(event.contextNip),
        data: { context: event.contextNip, at: event.at, expiresAt: event.expiresAt, message: event.message } };
    default:
      return undefined;
  }
}
