import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ErpAdapter, ErpDocument, HealthStatus, InboundInvoice, Outcome, PluginContext, Receipt } from '../../core/plugin-api/index.js';
import { openNodeRfc } from './rfc/openNodeRfc.js';
import type { RfcConnection } from './rfc/RfcConnection.js';
import { RfcSource, rfcDiagnose, type RfcResultJob } from './rfc/RfcSource.js';
import { sendStatusIdocByRfc } from './rfc/sendStatusIdocByRfc.js';
import { IdocFileDrop } from './files/IdocFileDrop.js';
import { IdocHttpEndpoint } from './http/IdocHttpEndpoint.js';
import { SapHttpClient, type PurchaseJob } from './http/SapHttpClient.js';
import { buildPurchaseIdoc } from './purchases/buildPurchaseIdoc.js';
import { IdocLayout } from './idoc/IdocLayout.js';
import { readCompleteSchema, readSetupFile } from './setup/readSetupFile.js';
import { invoic02Layout } from './idoc/invoic02Defaults.js';
import { IdocIntake, describeOutcomeError } from './IdocIntake.js';
import { sapMappingSchema, type SapMapping } from './mapping/SapMapping.js';
import type { SapMappingHook } from './mapping/SapMappingHook.js';
import type { SapConfig } from './sapConfigSchema.js';
import { StatusQueue, type StatusJob, type UpoJob } from './StatusQueue.js';
import { IdocIndex } from './store/IdocIndex.js';
import { Outbox, type OutboxJob } from './store/Outbox.js';

/** An outcome arrived for a billing document whose IDoc is not in the index yet; the gateway delivers it again. */
export class IdocNotRecordedError extends Error {
  readonly code = 'SAP_IDOC_NOT_RECORDED';
  constructor(readonly erpId: string) {
    super(`No IDoc of billing document ${erpId} is recorded yet, so its status has nowhere to go; the gateway delivers the outcome again`);
    this.name = 'IdocNotRecordedError';
  }
}

/** Reads the mapping, the customer layout and the hook named in the options (paths relative to the working directory). */
export async function loadSapSetup(config: Pick<SapConfig, 'mapping' | 'mappingFile' | 'layoutFile' | 'hook'>): Promise<{ mapping: SapMapping; layout: IdocLayout; hook?: SapMappingHook }> {
  const mapping = config.mappingFile ? await readSetupFile(config.mappingFile, 'yaml', sapMappingSchema) : config.mapping;
  const base = invoic02Layout();
  const layout = config.layoutFile ? base.overriddenBy(IdocLayout.fromReadComplete(await readSetupFile(config.layoutFile, 'json', readCompleteSchema))) : base;
  const hook = config.hook ? ((await import(pathToFileURL(resolve(config.hook)).href)) as { default: SapMappingHook }).default : undefined;
  if (config.hook && typeof hook !== 'function') throw new Error(`${config.hook} has no default-exported function`);
  return { mapping, layout, ...(hook ? { hook } : {}) };
}

/**
 * The SAP plugin: INVOIC02 in by HTTP (SAP's XML-HTTP port), a folder (SAP's file port) or RFC pull, drafts to the
 * gateway; the KSeF number back as status IDocs (HTTP or RFC) and the UPO to SAP's UPO service or Z_KSEF_SET_RESULT,
 * all through a durable outbox.
 */
export class SapAdapter implements ErpAdapter {
  readonly index: IdocIndex;
  readonly outbox: Outbox;
  /** Received invoices on their way to SAP; each kept once sent, so a redelivery never queues it again. */
  readonly purchases?: Outbox;
  readonly intake: IdocIntake;
  readonly endpoint?: IdocHttpEndpoint;
  readonly files?: IdocFileDrop;
  private readonly statuses: StatusQueue;
  private rfcSource: RfcSource | undefined;
  private rfc: RfcConnection | undefined;
  private rfcSystem = '';

  /** `openRfc` replaces node-rfc (tests script an SAP system behind the port). */
  constructor(
    private readonly ctx: PluginContext<SapConfig>,
    private readonly setup: { mapping: SapMapping; layout: IdocLayout; hook?: SapMappingHook },
    private readonly openRfc: () => Promise<RfcConnection> = () => openNodeRfc({ ...ctx.config.rfc?.connection, ...(ctx.config.rfc?.password ? { PASSWD: ctx.config.rfc.password } : {}) }, { timeoutSec: ctx.config.rfc?.timeoutSec ?? 60 }),
  ) {
    const config = ctx.config;
    this.index = new IdocIndex(ctx.storage);
    const back = config.statusBack;
    const client = back && (back.url || back.upoUrl) ? new SapHttpClient({ url: back.url, user: back.user, password: back.password, upoUrl: back.upoUrl, timeoutMs: back.timeoutMs }) : undefined;
    const retry = back?.retry ?? config.rfc?.retry ?? { initialDelayMs: 5_000, maxDelayMs: 600_000 };
    this.outbox = new Outbox(ctx.storage, (job) => this.send(job, client), retry, ctx.clock, ctx.logger);
    const p = config.purchases;
    if (p) {
      const target = new SapHttpClient({ url: p.url ?? back?.url, user: p.user ?? back?.user, password: p.password ?? back?.password, timeoutMs: p.timeoutMs });
      this.purchases = new Outbox(ctx.storage, (job) => target.sendPurchase(job.body as PurchaseJob), { ...p.retry, collection: 'sap-purchases', keepSent: true }, ctx.clock, ctx.logger);
    }
    this.statuses = new StatusQueue(this.outbox, back?.format ?? 'SYSTAT01', ctx.clock, { upoByHttp: back?.upoUrl !== undefined, resultsOverRfc: back?.resultsOverRfc ?? false });
    this.intake = new IdocIntake({ ...setup, gateway: ctx.gateway, index: this.index, statuses: this.statuses, logger: ctx.logger, urgent: config.urgent });
    const http = config.http;
    if (http) {
      this.endpoint = new IdocHttpEndpoint({
        host: http.host, port: http.port, path: http.path, maxBytes: http.maxBytes,
        ...(http.user && http.password ? { basicAuth: { user: http.user, password: http.password } } : {}),
        ...(http.tls ? { tls: http.tls } : {}), ...(http.clientCertificates ? { clientCertificate: { allowedSubjects: http.clientCertificates } } : {}),
      }, this.intake, ctx.logger);
    }
    const files = config.files;
    if (files) {
      const inbox = resolve(files.inbox);
      this.files = new IdocFileDrop({
        inbox, processed: resolve(files.processed ?? join(inbox, '..', 'processed')), failed: resolve(files.failed ?? join(inbox, '..', 'failed')), stableMs: files.stableMs,
      }, this.intake, ctx.clock, ctx.logger);
    }
  }

  async start(): Promise<void> {
    await this.startRfc();
    this.outbox.start();
    this.purchases?.start();
    await this.endpoint?.start();
    await this.files?.start();
  }

  /** RFC is optional: without node-rfc and the SDK the other transports run on, and health says why RFC does not. */
  private async startRfc(): Promise<void> {
    const rfc = this.ctx.config.rfc;
    if (!rfc) return;
    try {
      this.rfc = await this.openRfc();
    } catch (err) {
      this.ctx.logger.error({ code: (err as { code?: string }).code, reason: (err as Error).message }, 'RFC not available');
      this.ctx.health.report({ status: 'down', detail: (err as Error).message });
      return;
    }
    let layout = this.setup.layout;
    try {
      const found = await rfcDiagnose(this.rfc);
      this.rfcSystem = found.system;
      layout = layout.overriddenBy(found.layout);
      this.ctx.logger.info({ system: found.system, segments: found.segments }, 'RFC connected; INVOIC02 layout read from the system');
    } catch (err) {
      this.ctx.logger.warn({ reason: (err as Error).message }, 'RFC diagnosis failed; using the configured layout');
    }
    this.rfcSource = new RfcSource(this.rfc, {
      functions: rfc.functions, companyCode: rfc.companyCode, batchSize: rfc.batchSize, timeoutSec: rfc.timeoutSec, layout, mapping: this.setup.mapping,
      ...(this.setup.hook ? { hook: this.setup.hook } : {}), storage: this.ctx.storage, outbox: this.outbox, logger: this.ctx.logger, urgent: this.ctx.config.urgent,
    });
  }

  /** Pull over RFC (when configured): pending billing documents as drafts. */
  async poll(): Promise<readonly ErpDocument[]> {
    return this.rfcSource && this.ctx.config.rfc?.pull ? this.rfcSource.poll() : [];
  }

  /** A pulled document the gateway refused goes back to SAP as status E at once. */
  async onSubmitted(receipt: Receipt): Promise<void> {
    if (receipt.state !== 'invalid' || !this.rfcSource) return;
    const vbeln = await this.rfcSource.vbelnOf(receipt.erpId);
    if (vbeln) await this.rfcSource.result({ vbeln, status: 'E', messages: (receipt.errors ?? []).map(describeOutcomeError) });
  }

  async stop(): Promise<void> {
    await this.files?.stop();
    await this.endpoint?.stop();
    await this.outbox.stop();
    await this.purchases?.stop();
    await this.rfc?.close();
  }

  /** KSeF's answer for a billing document goes to every IDoc that carried it, as status 41 or 40, and the UPO after it. */
  async deliver(outcome: Outcome): Promise<void> {
    const known = outcome.kind === 'accepted'
      ? { erpId: outcome.erpId, status: '41' as const, ksefNumber: outcome.ksefNumber, acquisitionDate: outcome.acquisitionDate, messages: [] }
      : { erpId: outcome.erpId, status: '40' as const, messages: outcome.errors.map(describeOutcomeError) };
    // The same outcome again (the gateway retries deliveries): its messages are already queued. The outcome is
    // recorded only after they are, so a crash in between queues them again rather than never.
    const previous = await this.index.outcomeOf(outcome.erpId);
    if (previous && previous.status === known.status && previous.ksefNumber === known.ksefNumber) return;
    const vbeln = await this.rfcSource?.vbelnOf(outcome.erpId);
    if (vbeln && this.rfcSource) {
      await this.rfcSource.result(outcome.kind === 'accepted'
        ? { vbeln, status: 'A', ksefNumber: outcome.ksefNumber, acquisitionDate: outcome.acquisitionDate, upoXml: outcome.upoXml, messages: [] }
        : { vbeln, status: 'R', messages: known.messages });
    }
    const records = await this.index.docnumsOf(outcome.erpId);
    // Every document of this plugin came in an IDoc or by RFC pull, so no record yet means its IDoc is still being
    // taken (or is taken again after a crash between the gateway's receipt and the index entry): refusing the
    // delivery makes the gateway bring the outcome again, where dropping it would leave SAP without a status.
    if (records.length === 0 && !vbeln) throw new IdocNotRecordedError(outcome.erpId);
    for (const record of records) await this.statuses.status(record, known);
    if (outcome.kind === 'accepted' && records.length > 0) {
      await this.statuses.upo({ docnum: records[0].docnum, billingDocument: records[0].billingDocument, ksefNumber: outcome.ksefNumber, acquisitionDate: outcome.acquisitionDate, upoXml: outcome.upoXml });
    }
    if (records.length > 0 && !vbeln) {
      await this.statuses.result(outcome.kind === 'accepted'
        ? { vbeln: records[0].billingDocument, status: 'A', ksefNumber: outcome.ksefNumber, acquisitionDate: outcome.acquisitionDate, upoXml: outcome.upoXml, messages: [] }
        : { vbeln: records[0].billingDocument, status: 'R', messages: known.messages });
    }
    await this.index.setOutcome(known);
  }

  /**
   * A received invoice (gateway `purchases`) as an inbound INVOIC02 IDoc for SAP's invoice verification, queued once
   * per context and KSeF number: a redelivery after a crash finds it queued or sent and adds nothing. Without the
   * `purchases` option the invoice is acknowledged and nothing goes to SAP.
   */
  async receive(invoice: InboundInvoice): Promise<void> {
    const routing = this.ctx.config.purchases?.routing;
    if (!this.purchases || !routing) return;
    const job: PurchaseJob = { ksefNumber: invoice.ksefNumber, idoc: buildPurchaseIdoc(invoice, routing, this.setup.mapping, this.ctx.clock.now()) };
    await this.purchases.addOnce('purchase', `${invoice.contextNip} ${invoice.ksefNumber}`, job);
  }

  /**
   * For `doctor`, on an instance that is not started: with `rfc:` logs on and reads the system (RFC_PING,
   * RFC_SYSTEM_INFO, IDOCTYPE_READ_COMPLETE), then closes; without it, says which transports start would open.
   */
  async diagnose(): Promise<HealthStatus> {
    const config = this.ctx.config;
    const back = config.statusBack;
    const transports = [
      config.http ? `IDoc endpoint ${config.http.tls ? 'https' : 'http'}://${config.http.host}:${config.http.port}${config.http.path}` : '',
      config.files ? `IDoc folder ${resolve(config.files.inbox)}` : '',
      back ? `status back by ${back.via === 'rfc' ? `RFC ${config.rfc?.functions.status ?? ''}` : back.url ?? ''}` : 'no status back (statusBack not set)',
    ].filter(Boolean).join('; ');
    if (!config.rfc) return { status: 'up', detail: transports };
    let rfc: RfcConnection;
    try {
      rfc = await this.openRfc();
    } catch (err) {
      return { status: 'down', detail: (err as Error).message };
    }
    try {
      const found = await rfcDiagnose(rfc);
      return { status: 'up', detail: `RFC ${found.system}; INVOIC02 from IDOCTYPE_READ_COMPLETE: ${found.segments} segments; ${transports}` };
    } catch (err) {
      return { status: 'down', detail: `RFC: ${(err as Error).message}` };
    } finally {
      await rfc.close().catch(() => undefined);
    }
  }

  async check(): Promise<HealthStatus> {
    if (this.ctx.config.rfc) {
      if (!this.rfc) return { status: 'down', detail: 'RFC configured but not connected (node-rfc / SAP NW RFC SDK, SAPNWRFC_HOME)' };
      await this.rfc.ping();
    }
    const stuck = [...await this.outbox.pending(), ...await this.purchases?.pending() ?? []].filter((j) => j.attempts >= 3);
    if (stuck.length > 0) return { status: 'degraded', detail: `${stuck.length} message(s) to SAP failing: ${stuck[0].lastError ?? ''}` };
    const parts = [this.endpoint ? `IDoc endpoint ${this.endpoint.url}` : '', this.rfc ? `RFC ${this.rfcSystem || 'connected'}` : ''].filter(Boolean);
    return { status: 'up', ...(parts.length ? { detail: parts.join('; ') } : {}) };
  }

  private async send(job: OutboxJob, client: SapHttpClient | undefined): Promise<void> {
    if (job.kind === 'rfc-result') {
      if (!this.rfcSource) throw new Error('RFC is not connected: the result waits in the outbox');
      return this.rfcSource.sendResult(job.body as RfcResultJob);
    }
    if (job.kind === 'status' && this.ctx.config.statusBack?.via === 'rfc') {
      if (!this.rfc) throw new Error('RFC is not connected: the status waits in the outbox');
      return sendStatusIdocByRfc(this.rfc, this.ctx.config.rfc?.functions.status ?? 'IDOC_INBOUND_ASYNCHRONOUS', job.body as StatusJob, this.ctx.config.rfc?.timeoutSec ?? 60);
    }
    if (!client) throw new Error('statusBack is not configured: the status waits in the outbox until it is');
    if (job.kind === 'status') await client.sendStatus(job.body as StatusJob);
    else if (job.kind === 'upo') await client.sendUpo(job.body as UpoJob);
    else throw new Error(`unknown outbox message kind ${job.kind}`);
  }
}
