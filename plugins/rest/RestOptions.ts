import { z } from '../../core/plugin-api/index.js';

const MB = 1024 * 1024;

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
  }).strict().prefault({}),
  idempotencyHours: z.number().positive().max(24 * 30).default(24).describe('how long an Idempotency-Key and its answer are kept'),
  webhooks: z.object({
    retryHours: z.number().positive().default(72).describe('a delivery is retried with exponential backoff for this long, then failed'),
    timeoutMs: z.number().int().positive().default(10_000).describe('a receiver must answer within this'),
    pollMs: z.number().int().positive().default(1_000).describe('how often due deliveries are looked for'),
    firstRetryMs: z.number().int().positive().default(5_000).describe('delay before the first retry; doubled each time, at most 1 h'),
    rotationOverlapHours: z.number().min(0).default(24).describe('after a secret rotation, the old secret also signs for this long'),
    allowPrivateTargets: z.boolean().default(true).describe('allow receivers on private and loopback addresses'),
  }).strict().prefault({}),
  docs: z.boolean().default(true).describe('serve the API reference page at /docs (offline, assets from the package)'),
}).strict();

export type RestOptions = z.output<typeof restOptionsSchema>;
