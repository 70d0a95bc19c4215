import { describeSource, type GatewayFacade, type OutcomeError, type PluginLogger } from '../../core/plugin-api/index.js';
import { hasErrors, type Idoc } from './idoc/Idoc.js';
import { formatIdocLocation, type IdocIssue } from './idoc/IdocIssue.js';
import type { IdocLayout } from './idoc/IdocLayout.js';
import { parseIdoc } from './idoc/parseIdoc.js';
import { mapInvoic02 } from './mapping/mapInvoic02.js';
import type { SapMapping } from './mapping/SapMapping.js';
import type { SapMappingHook } from './mapping/SapMappingHook.js';
import type { StatusRouting } from './status/buildStatusIdoc.js';
import type { IdocIndex } from './store/IdocIndex.js';
import type { StatusQueue } from './StatusQueue.js';

/** What became of one IDoc of a delivery. */
export interface IdocResult {
  readonly docnum: string;
  readonly billingDocument?: string;
  /** submitted: stored by the gateway; duplicate: this DOCNUM was taken before; refused: status 40 queued; wrong-type: not an invoice IDoc. */
  readonly state: 'submitted' | 'duplicate' | 'refused' | 'wrong-type';
  readonly messages?: readonly string[];
}

export type IntakeResult =
  | { readonly kind: 'not-idoc'; readonly issues: readonly IdocIssue[] }
  | { readonly kind: 'taken'; readonly results: readonly IdocResult[] };

const INVOICE_TYPES = new Set(['INVOIC02', 'INVOIC01']);

export function describeIssue(i: IdocIssue): string {
  return `${i.code} ${formatIdocLocation(i.location)}: ${i.message}`;
}

export function describeOutcomeError(e: OutcomeError): string {
  const where = e.source ? describeSource(e.source) : (e.location ?? e.field);
  return `${e.code}${where ? ` ${where}` : ''}: ${e.message}`;
}

/**
 * Takes INVOIC02 IDocs from any transport (HTTP, file, RFC) into the gateway: reads, maps, submits each IDoc on its
 * own, and queues status 40 for one it cannot take. Everything it answers for is durable before it returns: the
 * submitted document, the IDoc index entry, the queued status. Throws only when that cannot be made durable
 * (the transport then answers so that SAP sends the IDoc again).
 */
export class IdocIntake {
  private readonly reportedUnknown = new Set<string>();

  constructor(
    private readonly deps: {
      readonly layout: IdocLayout;
      readonly mapping: SapMapping;
      readonly hook?: SapMappingHook;
      readonly gateway: GatewayFacade;
      readonly index: IdocIndex;
      readonly statuses: StatusQueue;
      readonly logger: PluginLogger;
      readonly urgent: boolean;
    },
  ) {}

  async take(text: string, origin: string): Promise<IntakeResult> {
    const parsed = parseIdoc(text, this.deps.layout);
    if (parsed.idocs.length === 0) return { kind: 'not-idoc', issues: parsed.issues };
    const results: IdocResult[] = [];
    for (const idoc of parsed.idocs) results.push(await this.takeOne(idoc, origin));
    return { kind: 'taken', results };
  }

  private async takeOne(idoc: Idoc, origin: string): Promise<IdocResult> {
    const log = this.deps.logger.child({ docnum: idoc.docnum });
    if (await this.deps.index.get(idoc.docnum)) return { docnum: idoc.docnum, state: 'duplicate' };
    if (!INVOICE_TYPES.has(idoc.idocType) || (idoc.messageType !== '' && idoc.messageType !== 'INVOIC')) {
      return { docnum: idoc.docnum, state: 'wrong-type', messages: [`IDoc type ${idoc.idocType || '?'} / message ${idoc.messageType || '?'} is not INVOIC02 / INVOIC`] };
    }
    this.reportUnknown(idoc);
    const routing = routingOf(idoc);
    if (hasErrors(idoc)) {
      return this.refuse(idoc, routing, idoc.control.BELNR ?? '', idoc.issues.filter((i) => i.severity === 'error').map(describeIssue), log);
    }
    const mapped = mapInvoic02(idoc, this.deps.mapping, this.deps.hook);
    if (!mapped.ok) return this.refuse(idoc, routing, mapped.billingDocument ?? '', mapped.errors.map(describeIssue), log);
    const receipt = await this.deps.gateway.submit({ erpId: mapped.erpId, urgent: this.deps.urgent, payload: { format: 'draft', draft: mapped.draft, sources: mapped.sources } });
    const record = { docnum: idoc.docnum, erpId: mapped.erpId, billingDocument: mapped.billingDocument, routing };
    if (!(await this.deps.index.add(record))) return { docnum: idoc.docnum, billingDocument: mapped.billingDocument, state: 'duplicate' };
    log.info({ erpId: mapped.erpId, documentId: receipt.documentId, state: receipt.state, duplicate: receipt.duplicate, origin }, 'IDoc taken');
    if (receipt.state === 'invalid') {
      const messages = (receipt.errors ?? []).map(describeOutcomeError);
      await this.deps.statuses.status(record, { status: '40', messages });
      await this.deps.statuses.result({ vbeln: mapped.billingDocument, status: 'E', messages });
      return { docnum: idoc.docnum, billingDocument: mapped.billingDocument, state: 'refused', messages };
    }
    const known = receipt.duplicate ? await this.deps.index.outcomeOf(mapped.erpId) : undefined;
    if (known) await this.deps.statuses.status(record, known);
    return { docnum: idoc.docnum, billingDocument: mapped.billingDocument, state: 'submitted' };
  }

  private async refuse(idoc: Idoc, routing: StatusRouting, billingDocument: string, messages: string[], log: PluginLogger): Promise<IdocResult> {
    log.warn({ count: messages.length, first: messages[0] }, 'IDoc refused');
    if (idoc.docnum) {
      await this.deps.statuses.status({ docnum: idoc.docnum, erpId: '', billingDocument, routing }, { status: '40', messages });
      await this.deps.statuses.result({ vbeln: billingDocument, status: 'E', messages });
    }
    return { docnum: idoc.docnum, billingDocument, state: 'refused', messages };
  }

  /** Each unknown segment is reported once per IDoc type and extension, not once per IDoc. */
  private reportUnknown(idoc: Idoc): void {
    for (const segment of idoc.unknownSegments) {
      const key = `${idoc.idocType}/${idoc.extension ?? ''}/${segment}`;
      if (this.reportedUnknown.has(key)) continue;
      this.reportedUnknown.add(key);
      this.deps.logger.warn({ idocType: idoc.idocType, extension: idoc.extension, segment }, 'IDoc segment not in the layout: kept for the mapping hook, not mapped');
    }
  }
}

/** The status goes back to whoever sent the IDoc: sender and receiver of the original swap places. */
function routingOf(idoc: Idoc): StatusRouting {
  const c = idoc.control;
  return {
    MANDT: c.MANDT, SNDPOR: c.RCVPOR ?? '', SNDPRT: c.RCVPRT ?? '', SNDPRN: c.RCVPRN ?? '',
    RCVPOR: c.SNDPOR ?? '', RCVPRT: c.SNDPRT ?? '', RCVPRN: c.SNDPRN ?? '',
  };
}
