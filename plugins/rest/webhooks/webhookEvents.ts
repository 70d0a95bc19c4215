/** The events a subscription may ask for (docs/rest-api.md, Webhooks). */
export const WEBHOOK_EVENTS = ['invoice.accepted', 'invoice.rejected', 'invoice.invalid', 'context.paused', 'context.resumed', 'credential.expiring', 'purchase.received'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** A config subscription's API id: `wh_cfg_<name>`, never the form of a generated one (`wh_<16 hex>`). */
export const configSubscriptionId = (name: string): string => `wh_cfg_${name}`;

/** The names a config subscription may have (the part after `wh_cfg_`). */
export const CONFIG_SUBSCRIPTION_NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;

/**
 * A Standard Webhooks secret: `whsec_` and 24-64 random bytes in base64 (the specification's range). Says what is
 * wrong without repeating the value.
 */
export function webhookSecretProblem(secret: string): string | undefined {
  const b64 = secret.startsWith('whsec_') ? secret.slice(6) : undefined;
  if (b64 === undefined || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return 'must be whsec_ followed by base64';
  const bytes = Buffer.from(b64, 'base64').length;
  return bytes < 24 || bytes > 64 ? `must hold 24-64 random bytes after whsec_ (it holds ${bytes})` : undefined;
}
