import { Webhook } from 'standardwebhooks';
import { GatewayError } from '../../errors/GatewayError.js';
import type { NotificationsConfig } from '../../config/notificationsConfig.js';
import type { RenderedAlerts } from '../renderAlerts.js';
import type { AlertChannel } from './AlertChannel.js';

type WebhookConfig = NonNullable<NotificationsConfig['webhook']>;

/**
 * Alerts as a signed POST, signed as the REST API's webhooks are (Standard Webhooks: `webhook-id`,
 * `webhook-timestamp`, `webhook-signature`), so one verifier serves both. A 2xx answer acknowledges.
 */
export class WebhookChannel implements AlertChannel {
  readonly id = 'webhook' as const;
  readonly digest: boolean;

  constructor(private readonly config: WebhookConfig, private readonly timeoutMs = 15_000) {
    if (!/^whsec_[A-Za-z0-9+/]+={0,2}$/.test(config.secret)) {
      throw new GatewayError('GW_NOTIFY_WEBHOOK_SECRET', 'config',
        'notifications.webhook.secret must be a Standard Webhooks secret: whsec_ followed by base64 (at least 24 random bytes)',
        { location: 'notifications.webhook.secret' });
    }
    this.digest = config.digest;
  }

  async send(message: RenderedAlerts, messageId: string): Promise<void> {
    const at = new Date();
    const body = JSON.stringify({ type: 'gateway.alerts', timestamp: at.toISOString(), data: { subject: message.subject, ...message.data } });
    const res = await fetch(this.config.url, {
      method: 'POST', body, redirect: 'manual', signal: AbortSignal.timeout(this.timeoutMs),
      headers: {
        'content-type': 'application/json', 'user-agent': 'ksef-gateway-alerts/1', 'webhook-id': messageId,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': new Webhook(this.config.secret).sign(messageId, at, body),
      },
    });
    await res.body?.cancel().catch(() => undefined);
    if (res.status < 200 || res.status >= 300) throw new Error(`alert webhook answered ${res.status}`);
  }
}
