import { secret, z } from '../../core/plugin-api/index.js';
import { privateTargetProblem } from './webhooks/receiverAddress.js';
import { CONFIG_SUBSCRIPTION_NAME, WEBHOOK_EVENTS, webhookSecretProblem } from './webhooks/webhookEvents.js';

const MB = 1024 * 1024;

/**
 * A subscription the operator keeps in the config file instead of creating it with POST /v1/webhooks: for the
 * contexts it names, with a signing secret from the environment (the operator generates it and gives it to the
 * receiver; the gateway never prints it).
 */
const configSubscriptionSchema = z.object({
  id: z.string().regex(CONFIG_SUBSCRIPTION_NAME, 'lower-case letters, digits and dashes, at most 40')
    .describe('a stable name; the API shows the subscription as wh_cfg_<id>'),
  url: z.string().max(2000).regex(/^https?:\/\/[^\s]+$/, 'an http:// or https:// URL').refine((u) => URL.canParse(u), 'not a valid URL')
    .describe('the receiver; it gets a POST per event'),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).describe('the events it receives'),
  contexts: z.array(z.string().regex(/^\d{10}$/, 'a 10-digit NIP')).min(1).describe('the contexts (NIPs) whose events it receives'),
  secret: secret().describe('signing secret, whsec_ + 24-64 random bytes in base64; only as ${ENV_VAR}'),
  previousSecret: secret().optional().describe('during a rotation: the old secret, which also signs until it is removed'),
}).strict().superRefine((sub, ctx) => {
  for (const field of ['secret', 'previousSecret'] as const) {
    const value = sub[field];
    const problem = value === undefined ? undefined : webhookSecretProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', path: [field], message: `${problem} (generate one with: echo "whsec_$(openssl rand -base64 32)")` });
  }
});

/** The `rest` plugin's options (`plugins[].options`), every one with a safe default. */
export const restOptionsSchema = z.object({
  host: z.string().min(1).default('127.0.0.1').describe('address to listen on; 127.0.0.1 unless the API must be reachable from elsewhere'),
  port: z.number().int().min(0).max(65535).default(8480).describe('TCP port; 0 picks a free one (tests)'),
  tls: z.object({
    certFile: z.string().min(1).describe('PEM certificate chain'),
    keyFile: z.string().min(1).describe('PEM private key'),
  }).strict().optional().describe('serve HTTPS directly; leave out behind a TLS-terminating proxy'),
  trustProxy: z.array(z.string().min(1)).default([])
    .describe('addresses or CIDRs of proxies whose X-Forwarded-For / -Proto are believed (client address in logs and limits)'),
  limits: z.object({
    invoiceBytes: z.number().int().positive().default(1 * MB).describe("one invoice without attachments (KSeF's 1 MB)"),
    attachmentBytes: z.number().int().positive().default(3 * MB).describe("one invoice with attachments (KSeF's 3 MB)"),
    batchBytes: z.number().int().positive().default(64 * MB).describe('a whole POST /v1/invoices:batch body'),
    batchInvoices: z.number().int().min(1).max(1000).default(1000).describe('invoices per batch request'),
    requestsPerSecond: z.number().int().positive().default(100).describe('per API key; more answer 429 with Retry-After'),
    headersTimeoutMs: z.number().int().positive().default(10_000).describe('time to receive the request headers'),
    requestTimeoutMs: z.number().int().positive().default(60_000).describe('time to receive a whole request'),
    idleTimeoutMs: z.number().int().positive().default(5_000).describe('keep-alive connections idle this long are closed'),
  }).strict().refine((l) => l.headersTimeoutMs <= l.requestTimeoutMs,
    { path: ['headersTimeoutMs'], message: 'must not be longer than requestTimeoutMs (the headers are part of the request)' }).prefault({}),
  idempotencyHours: z.number().positive().max(24 * 30).default(24).describe('how long an Idempotency-Key and its answer are kept'),
  webhooks: z.object({
    retryHours: z.number().positive().default(72).describe('a delivery is retried with exponential backoff for this long, then failed'),
    timeoutMs: z.number().int().positive().default(10_000).describe('a receiver must answer within this'),
    pollMs: z.number().int().positive().default(1_000).describe('how often due deliveries are looked for'),
    firstRetryMs: z.number().int().positive().default(5_000).describe('delay before the first retry; doubled each time, at most 1 h'),
    rotationOverlapHours: z.number().min(0).default(24).describe('after a secret rotation, the old secret also signs for this long'),
    allowPrivateTargets: z.boolean().default(true)
      .describe('allow receivers on private and loopback addresses; false refuses them at subscription and, after DNS resolution, at each delivery'),
    subscriptions: z.array(configSubscriptionSchema).default([])
      .describe('subscriptions kept in the config file (besides those created with POST /v1/webhooks)'),
  }).strict().superRefine((w, ctx) => {
    const seen = new Set<string>();
    w.subscriptions.forEach((sub, i) => {
      const refused = w.allowPrivateTargets || !URL.canParse(sub.url) ? undefined : privateTargetProblem(sub.url);
      if (refused) ctx.addIssue({ code: 'custom', path: ['subscriptions', i, 'url'], message: `${refused}, and allowPrivateTargets is false` });
      if (seen.has(sub.id)) ctx.addIssue({ code: 'custom', path: ['subscriptions', i, 'id'], message: `subscription id ${sub.id} is used twice` });
      seen.add(sub.id);
    });
  }).prefault({}),
  docs: z.boolean().default(true).describe('serve the API reference page at /docs (offline, assets from the package)'),
}).strict();

export type RestOptions = z.output<typeof restOptionsSchema>;
