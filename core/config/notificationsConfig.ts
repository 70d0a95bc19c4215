import { z } from 'zod';

/** `notifications:` (docs/notifications.md): channels, rule thresholds, grouping. */
export const notificationsSchema = z.object({
  email: z.object({
    host: z.string().min(1).describe('SMTP server'),
    port: z.number().int().min(1).max(65535).default(587),
    secure: z.boolean().default(false).describe('TLS from the first byte (usually port 465); otherwise STARTTLS'),
    requireTls: z.boolean().default(true).describe('refuse to send unless the server offers STARTTLS (ignored with secure)'),
    caFile: z.string().min(1).optional()
      .describe("PEM file of the CA that signed the SMTP server's certificate (a company's own CA): the server is then checked against it, not the system's CAs"),
    user: z.string().min(1).optional(),
    password: z.string().min(1).meta({ secret: true, description: 'SMTP password; only as ${ENV_VAR}' }).optional(),
    from: z.string().min(3).describe('sender address, e.g. "KSeF gateway <ksef@example.com>"'),
    to: z.array(z.string().min(3)).min(1).describe('recipients'),
    digest: z.boolean().default(false).describe('send what is not urgent once a day (digestHour) instead of as it happens'),
  }).strict().optional(),
  webhook: z.object({
    url: z.string().url().describe('receives a signed POST (Standard Webhooks, as the REST API signs)'),
    secret: z.string().min(1).meta({ secret: true, description: 'whsec_... signing secret; only as ${ENV_VAR}' }),
    digest: z.boolean().default(false),
  }).strict().optional(),
  plugins: z.boolean().default(true)
    .describe('alerts and their resolutions also go to notifier plugins and ERP adapters with onEvent (alert-raised, alert-resolved)'),
  checkSeconds: z.number().int().min(1).default(60).describe('how often the rules are evaluated'),
  minIntervalMinutes: z.number().min(0).default(5)
    .describe('at most one message per channel in this time; what happens meanwhile is grouped into the next one'),
  digestHour: z.number().int().min(0).max(23).default(8).describe("hour of the daily digest (the gateway's local time)"),
  rules: z.object({
    expiringDays: z.array(z.number().int().positive()).min(1).default([30, 7, 1])
      .describe('alert when a certificate ends within each of these many days'),
    waitingMinutes: z.number().positive().default(60).describe('a document queued longer than this'),
    rejectionsPerHour: z.number().int().positive().default(10).describe('more rejected documents of one context in the last hour'),
    unreachableMinutes: z.number().positive().default(15).describe('KSeF failing for a context this long'),
    purchaseSyncBehindMinutes: z.number().positive().default(120).describe('no successful purchase sync for this long (when purchases are on)'),
  }).strict().prefault({}),
}).strict();

export type NotificationsConfig = z.output<typeof notificationsSchema>;
