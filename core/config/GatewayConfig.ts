import type { ServiceIdentifier } from 'inversify';
import { z } from 'zod';
import { notificationsSchema } from './notificationsConfig.js';
import { isKsefEnforcedRule, VAT_CONSISTENCY_RULE_CODES } from '../fa3/rules/ruleCodes.js';
import { closest } from './unknownKeys.js';

const nip = z.string().regex(/^\d{10}$/, 'a NIP is 10 digits');

const credentialSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('token'),
    /** When absent, the token is taken from the credential vault (`token add`). */
    token: z.string().min(1).meta({ secret: true, description: 'KSeF token; only as ${ENV_VAR}' }).optional(),
    /** Without it a configured token only fills an empty vault: a token stored with `token add` is never replaced. */
    overrideVault: z.boolean().optional()
      .describe("the configured token replaces a different token in the vault at every start (set-ups that rotate KSEF_TOKEN)"),
  }),
  z.object({
    kind: z.literal('certificate'),
    /** The vault entry that holds the key and certificate (`credentials` commands). */
    credentialId: z.string().min(1).optional(),
  }),
]);

/** A VAT-consistency rule code; a rule KSeF enforces is refused with the reason, a typo with the code it probably meant. */
const warnableRuleCode = z.enum(VAT_CONSISTENCY_RULE_CODES, {
  error: (issue) => {
    const code = String(issue.input);
    if (isKsefEnforcedRule(code)) {
      return `${code} is checked by KSeF itself (an invoice failing it is rejected), so it cannot be a warning` +
        (code === 'FA3_NIP_CHECKSUM' ? '; against KSeF TEST and DEMO it is a warning already' : '');
    }
    const near = closest(code, VAT_CONSISTENCY_RULE_CODES);
    return `${code} is not a VAT-consistency rule code${near ? ` (did you mean ${near}?)` : ''}; see docs/fa3-validation.md`;
  },
});

const contextSchema = z.object({
  nip,
  name: z.string().min(1).max(256).optional().describe('company name, shown in the console'),
  credential: credentialSchema.default({ kind: 'token' }),
  attachments: z.boolean().default(false)
    .describe("KSeF's per-context attachment setting is on: invoices with a Zalacznik may be sent (by batch only)"),
  validation: z.object({
    warn: z.array(warnableRuleCode).default([])
      .describe('VAT-consistency rules KSeF does not check, reported as warnings instead of errors for this seller (e.g. FA3_NET_SUM_MISMATCH)'),
  }).strict().optional(),
});

const sqliteStoreSchema = z.object({
  kind: z.literal('sqlite').default('sqlite'),
  file: z.string().min(1).optional().describe('default <dataDir>/gateway.sqlite'),
}).strict();

const postgresStoreSchema = z.object({
  kind: z.literal('postgres'),
  url: z.string().min(1).meta({ secret: true, description: 'postgres://user@host:port/database; only as ${ENV_VAR} when it holds a password' }),
  schema: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _ (at most 63)').default('ksef_gateway')
    .describe('schema holding the outbox, vault and rate-limit counters; shared by every instance'),
  poolSize: z.number().int().min(2).max(100).default(10).describe('connections per instance for the outbox'),
  statementTimeoutMs: z.number().int().min(0).default(30_000).describe('server-side limit per statement; 0 disables it'),
  ssl: z.object({
    mode: z.enum(['disable', 'require', 'verify-ca', 'verify-full']).default('disable'),
    caFile: z.string().min(1).optional().describe('PEM file of the CA that signed the server certificate'),
  }).strict().prefault({}),
}).strict();

/** Where the outbox, the vault and the rate-limit counters live: one SQLite file, or a PostgreSQL schema shared by instances. */
const storeSchema = z.discriminatedUnion('kind', [sqliteStoreSchema, postgresStoreSchema]).prefault({});

const pluginEntrySchema = z.object({
  use: z.string().min(1).describe('built-in plugin id, npm package name or ./path to a plugin module'),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'an instance id is kebab-case').describe('instance id, unique'),
  options: z.unknown().optional().describe("the plugin's own options, validated by its configSchema"),
  pollIntervalMs: z.number().int().positive().optional().describe('pull: how often poll() is called'),
  createTimeoutMs: z.number().int().positive().default(10_000),
});

export const gatewayConfigSchema = z.object({
  dataDir: z.string().min(1).optional().describe('store, key file, UPOs, simulator data; default ./var'),
  instanceId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/).optional()
    .describe('lease owner name of this gateway instance; default: an id created once in <dataDir>/instance-id'),
  schemasDir: z.string().min(1).optional().describe('folder that contains fa3/ (official XSDs); default: schemas install cache'),
  ksef: z.object({
    environment: z.enum(['test', 'demo', 'production']).default('test'),
    baseUrl: z.url().optional().describe('overrides environment, e.g. a simulator URL'),
    simulator: z.object({
      enabled: z.boolean().default(false).describe('start the local KSeF simulator in-process and send to it'),
      port: z.number().int().min(0).max(65535).default(0),
      rateLimits: z.enum(['production', 'off']).default('production'),
    }).prefault({}),
  }).prefault({}),
  contexts: z.array(contextSchema).default([]).describe('seller contexts (NIPs) the gateway sends for'),
  store: storeSchema,
  scheduler: z.object({
    tickMs: z.number().int().positive().default(250).describe('how often the scheduler runs a round'),
    batchMaxInvoices: z.number().int().min(1).max(10_000).default(10_000).describe('flush a batch at this many invoices'),
    batchMaxBytes: z.number().int().positive().default(90_000_000).describe('... or at this many bytes of XML'),
    batchMaxWaitMs: z.number().int().min(0).default(60_000).describe('... or when the oldest queued invoice waited this long'),
    onlineBelow: z.number().int().min(0).default(50).describe('fewer waiting invoices than this go by online session'),
    onlineConcurrency: z.number().int().positive().default(4),
  }).prefault({}),
  validation: z.object({
    threads: z.union([z.literal('auto'), z.number().int().min(0).max(64)]).default('auto')
      .describe("worker threads that validate documents (XSD + rules); 0 validates on the main thread; auto: one per core"),
  }).prefault({}),
  memory: z.object({
    heapGrowthPercent: z.number().int().min(0).max(1000).default(50)
      .describe("how far the JavaScript heap may grow past its live data before a full collection (V8's --heap-growing-percent); 0: V8 decides, up to 300 (docs/config.md, Memory)"),
  }).strict().prefault({}),
  admin: z.object({
    enabled: z.boolean().default(true),
    host: z.string().default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(9464),
    tls: z.object({
      certFile: z.string().min(1).describe('PEM certificate chain'),
      keyFile: z.string().min(1).describe('PEM private key'),
    }).strict().optional().describe('serve the admin port (health, metrics, console) over HTTPS, as the REST API does; leave out behind a TLS-terminating proxy'),
  }).prefault({}),
  console: z.object({
    enabled: z.boolean().default(true).describe('serve the operations console under /console on the admin port (docs/console.md)'),
    language: z.enum(['pl', 'en']).default('pl').describe("pages' language when the browser asks for neither"),
    sessionMinutes: z.number().int().min(5).max(10_080).default(480).describe('a sign-in lasts this long'),
    lockout: z.object({
      attempts: z.number().int().min(1).max(100).default(5).describe('failed sign-ins in a row that lock an account'),
      minutes: z.number().int().min(1).max(1440).default(15).describe('how long a locked account stays locked'),
    }).strict().prefault({}),
    cookieSecure: z.enum(['auto', 'always']).default('auto')
      .describe("auto: Secure cookies over TLS; always: also behind a proxy that terminates TLS"),
    allowRemote: z.boolean().default(false).describe('answer clients other than this machine (admin.host bound beyond loopback)'),
    oidc: z.object({
      issuer: z.string().url().describe('the identity provider (its /.well-known/openid-configuration is read); https, or http on loopback only'),
      clientId: z.string().min(1),
      clientSecret: z.string().min(1).meta({ secret: true, description: 'client secret; only as ${ENV_VAR}' }),
      redirectUrl: z.string().url().describe('<console URL>/console/login/oidc/callback, as registered at the provider'),
      label: z.string().min(1).max(60).default('single sign-on').describe("the sign-in button's label, e.g. the directory's name"),
      scopes: z.array(z.string().min(1)).default(['openid', 'profile', 'email']),
      usernameClaims: z.array(z.string().min(1)).default(['preferred_username', 'email']).describe('claims tried in order for the user name (sub last)'),
      roleClaim: z.string().min(1).default('groups').describe('claim with the groups or roles (string or array)'),
      operatorGroups: z.array(z.string().min(1)).default([]).describe('members of any of these are operators'),
      viewerGroups: z.array(z.string().min(1)).default([]).describe('members of any of these are viewers; anyone else is refused'),
    }).strict().optional().describe('sign-in through the company directory (OpenID Connect), besides local users'),
  }).strict().prefault({}),
  log: z.object({
    level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    format: z.enum(['auto', 'json', 'pretty']).default('auto')
      .describe('json: one JSON object per line; pretty: a short human line per event; auto: pretty on a terminal, JSON otherwise'),
  }).prefault({}),
  shutdown: z.object({
    drainTimeoutMs: z.number().int().positive().default(30_000),
  }).prefault({}),
  purchases: z.object({
    enabled: z.boolean().default(false).describe('sync the invoices KSeF holds for each context and hand them to plugins with receive'),
    subjectTypes: z.array(z.enum(['Subject1', 'Subject2', 'Subject3', 'SubjectAuthorized'])).min(1).default(['Subject2'])
      .describe('Subject2 purchases (buyer), Subject1 own sales, Subject3 third party, SubjectAuthorized'),
    intervalMinutes: z.number().int().min(15).default(15).describe('per subject type; KSeF advises at least 15 minutes'),
    since: z.string().datetime({ offset: true }).optional().describe("first sync's start (ISO date-time); default 30 days back"),
    exportsPerHour: z.number().int().min(1).max(20).default(20).describe('exports one context may start in an hour (KSeF: 20)'),
  }).prefault({}),
  plugins: z.array(pluginEntrySchema).default([]),
  notifications: notificationsSchema.prefault({}),
}).strict();

export type GatewayConfig = z.output<typeof gatewayConfigSchema>;
export type GatewayConfigInput = z.input<typeof gatewayConfigSchema>;
export type PluginEntry = GatewayConfig['plugins'][number];
export type ContextConfig = GatewayConfig['contexts'][number];
export type StoreConfig = GatewayConfig['store'];
export type PostgresStoreConfig = Extract<StoreConfig, { kind: 'postgres' }>;

export const GatewayConfigToken = Symbol.for('ksef-gateway/config/GatewayConfig') as ServiceIdentifier<GatewayConfig>;
