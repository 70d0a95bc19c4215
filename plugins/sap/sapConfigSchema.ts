import { secret, z } from '../../core/plugin-api/index.js';
import { sapMappingSchema } from './mapping/SapMapping.js';

const retrySchema = z.object({
  initialDelayMs: z.number().int().positive().default(5_000),
  maxDelayMs: z.number().int().positive().default(600_000),
}).prefault({});

/** Options of the `sap` plugin (docs/sap.md). */
export const sapConfigSchema = z.object({
  mapping: sapMappingSchema.prefault({}).describe('partner roles, qualifiers, tax codes (MWSKZ), billing types'),
  mappingFile: z.string().min(1).optional().describe('a YAML file with the mapping; replaces `mapping`'),
  layoutFile: z.string().min(1).optional().describe("the system's own IDOCTYPE_READ_COMPLETE output as JSON; overrides the built-in INVOIC02 layout segment by segment"),
  hook: z.string().min(1).optional().describe('a module whose default export maps Z-segments into the draft (docs/sap.md)'),
  urgent: z.boolean().default(false).describe('send these invoices online at once instead of batching'),
  http: z.object({
    host: z.string().default('0.0.0.0'),
    port: z.number().int().min(0).max(65535).default(8470),
    path: z.string().startsWith('/').default('/sap/idoc'),
    maxBytes: z.number().int().positive().default(50 * 1024 * 1024),
    user: z.string().min(1).optional().describe('basic authentication user SAP logs on with (SM59)'),
    password: secret().optional(),
    tls: z.object({ cert: z.string(), key: z.string(), ca: z.string().optional() }).strict().optional().describe('PEM files; `ca` to check client certificates'),
    clientCertificates: z.array(z.string().min(1)).optional().describe('subject CNs of the SAP client certificates let in (needs tls.ca)'),
  }).strict()
    .refine((h) => (h.user !== undefined && h.password !== undefined) || (h.clientCertificates !== undefined && h.tls?.ca !== undefined), {
      message: 'the IDoc endpoint needs user and password, or tls.ca with clientCertificates: it never runs without authentication',
    })
    .optional(),
  statusBack: z.object({
    via: z.enum(['http', 'rfc']).default('http').describe('status IDocs as IDoc-XML to `url`, or by RFC through rfc.functions.status (IDOC_INBOUND_ASYNCHRONOUS)'),
    url: z.url().optional().describe("SAP's IDoc-XML service, e.g. https://sap:44300/sap/bc/idoc_xml?sap-client=100 (via http)"),
    user: z.string().min(1).optional(),
    password: secret().optional(),
    format: z.enum(['SYSTAT01', 'ALEAUD01']).default('SYSTAT01'),
    upoUrl: z.url().optional().describe('the ICF service of docs/sap/ZCL_KSEF_UPO_HTTP.abap (or your own) that takes the UPO XML'),
    resultsOverRfc: z.boolean().default(false).describe('also write every result (KSeF number, date, UPO, errors) into ZKSEF_RESULT through rfc.functions.result'),
    timeoutMs: z.number().int().positive().default(30_000),
    retry: retrySchema,
  }).strict().optional(),
  purchases: z.object({
    url: z.url().optional().describe("SAP's IDoc-XML service the received invoices go to; default statusBack.url"),
    user: z.string().min(1).optional().describe('default statusBack.user'),
    password: secret().optional(),
    timeoutMs: z.number().int().positive().default(30_000),
    routing: z.object({
      MANDT: z.string().optional(),
      SNDPOR: z.string().min(1).default('KSEFGW'),
      SNDPRT: z.string().min(1).default('LS'),
      SNDPRN: z.string().min(1).default('KSEFGW'),
      RCVPOR: z.string().min(1).describe("SAP's port, e.g. SAPPRD"),
      RCVPRT: z.string().min(1).default('LS'),
      RCVPRN: z.string().min(1).describe("SAP's logical system, e.g. PRDCLNT100"),
      MESCOD: z.string().max(3).default('MM').describe('message code of the partner profile (MM: logistics invoice verification, process code INVL)'),
    }).strict(),
    retry: retrySchema,
  }).strict().optional().describe('received invoices (gateway purchases.enabled) to SAP as inbound INVOIC02 IDoc-XML'),
  files: z.object({
    inbox: z.string().min(1),
    processed: z.string().min(1).optional(),
    failed: z.string().min(1).optional(),
    stableMs: z.number().int().min(0).default(2_000).describe('a file is taken once its size has not changed for this long'),
  }).strict().optional(),
  rfc: z.object({
    connection: z.record(z.string(), z.string()).describe('node-rfc connection parameters (ashost, sysnr, client, user, lang, or dest)'),
    password: secret().optional().describe('PASSWD, kept out of `connection` so it is redacted'),
    functions: z.object({
      pending: z.string().default('Z_KSEF_GET_PENDING'),
      invoice: z.string().default('Z_KSEF_GET_INVOICE'),
      result: z.string().default('Z_KSEF_SET_RESULT'),
      status: z.string().default('IDOC_INBOUND_ASYNCHRONOUS'),
    }).prefault({}),
    pull: z.boolean().default(true).describe('pull pending billing documents (false: RFC only for status and results back)'),
    companyCode: z.string().optional(),
    batchSize: z.number().int().positive().default(50),
    timeoutSec: z.number().int().positive().default(60),
    retry: retrySchema,
  }).strict().optional(),
}).strict().superRefine((c, ctx) => {
  const back = c.statusBack;
  if (back?.via === 'http' && back.url === undefined) ctx.addIssue({ code: 'custom', path: ['statusBack', 'url'], message: 'statusBack via http needs the url of /sap/bc/idoc_xml' });
  if (c.purchases && !c.purchases.url && !back?.url) ctx.addIssue({ code: 'custom', path: ['purchases', 'url'], message: "purchases needs the url of SAP's /sap/bc/idoc_xml (or statusBack.url)" });
  if (back && (back.via === 'rfc' || back.resultsOverRfc) && !c.rfc) {
    ctx.addIssue({ code: 'custom', path: ['statusBack', back.via === 'rfc' ? 'via' : 'resultsOverRfc'], message: 'needs the rfc connection (rfc:)' });
  }
});

export type SapConfig = z.infer<typeof sapConfigSchema>;
