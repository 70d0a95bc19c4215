import type { ErpDocument, PluginLogger, PluginStorage } from '../../../core/plugin-api/index.js';
import { hasErrors } from '../idoc/Idoc.js';
import { IdocLayout, type ReadCompleteOutput } from '../idoc/IdocLayout.js';
import { readIdocRecords, type DataRecord } from '../idoc/readIdocRecords.js';
import { describeIssue } from '../IdocIntake.js';
import { mapInvoic02 } from '../mapping/mapInvoic02.js';
import type { SapMapping } from '../mapping/SapMapping.js';
import type { SapMappingHook } from '../mapping/SapMappingHook.js';
import type { Outbox } from '../store/Outbox.js';
import type { RfcObject } from './nodeRfcTypes.js';
import type { RfcConnection } from './RfcConnection.js';

export interface RfcFunctions {
  readonly pending: string;
  readonly invoice: string;
  readonly result: string;
}

/** What Z_KSEF_SET_RESULT is called with (docs/sap/Z_KSEF_SET_RESULT.abap). */
export interface RfcResultJob {
  readonly vbeln: string;
  /** A accepted, R rejected by KSeF, E refused by the gateway. */
  readonly status: 'A' | 'R' | 'E';
  readonly ksefNumber?: string;
  readonly acquisitionDate?: string;
  readonly upoXml?: string;
  readonly messages: readonly string[];
}

const PULLED = 'sap-rfc-pulled';

/**
 * Pull over RFC: pending billing documents from Z_KSEF_GET_PENDING, each as INVOIC02 data records from
 * Z_KSEF_GET_INVOICE (the same reader as flat files), results back through Z_KSEF_SET_RESULT via the outbox.
 */
export class RfcSource {
  constructor(
    private readonly rfc: RfcConnection,
    private readonly deps: {
      readonly functions: RfcFunctions; readonly companyCode?: string; readonly batchSize: number; readonly timeoutSec: number;
      readonly layout: IdocLayout; readonly mapping: SapMapping; readonly hook?: SapMappingHook;
      readonly storage: PluginStorage; readonly outbox: Outbox; readonly logger: PluginLogger; readonly urgent: boolean;
    },
  ) {}

  async poll(): Promise<ErpDocument[]> {
    const f = this.deps.functions;
    const pending = await this.rfc.call(f.pending, { IV_MAX: this.deps.batchSize, ...(this.deps.companyCode ? { IV_BUKRS: this.deps.companyCode } : {}) }, { timeoutSec: this.deps.timeoutSec });
    const documents: ErpDocument[] = [];
    for (const row of (pending.ET_INVOICES ?? []) as RfcObject[]) {
      const vbeln = String(row.VBELN ?? '').trim();
      if (!vbeln) continue;
      const answer = await this.rfc.call(f.invoice, { IV_VBELN: vbeln }, { timeoutSec: this.deps.timeoutSec });
      const control = Object.fromEntries(Object.entries((answer.ES_IDOC_CONTROL ?? {}) as RfcObject).map(([k, v]) => [k, String(v).trim()]).filter(([, v]) => v !== ''));
      const idoc = readIdocRecords({ DOCNUM: control.DOCNUM || `RFC${vbeln}`, ...control }, ((answer.ET_IDOC_DATA ?? []) as unknown as DataRecord[]), this.deps.layout);
      const mapped = hasErrors(idoc) ? undefined : mapInvoic02(idoc, this.deps.mapping, this.deps.hook);
      if (!mapped || !mapped.ok) {
        const messages = mapped ? mapped.errors.map(describeIssue) : idoc.issues.filter((i) => i.severity === 'error').map(describeIssue);
        this.deps.logger.warn({ vbeln, count: messages.length, first: messages[0] }, 'billing document refused');
        await this.result({ vbeln, status: 'E', messages });
        continue;
      }
      if (!(await this.deps.storage.insert(PULLED, mapped.erpId, { vbeln }))) await this.deps.storage.update(PULLED, mapped.erpId, { vbeln });
      documents.push({ erpId: mapped.erpId, urgent: this.deps.urgent, payload: { format: 'draft', draft: mapped.draft, sources: mapped.sources } });
    }
    return documents;
  }

  /** The billing document number a document came by RFC for, or undefined when it came another way. */
  async vbelnOf(erpId: string): Promise<string | undefined> {
    return (await this.deps.storage.get<{ vbeln: string }>(PULLED, erpId))?.value.vbeln;
  }

  async result(job: RfcResultJob): Promise<void> {
    await this.deps.outbox.add('rfc-result', job);
  }

  /** Sends one result; an ES_RETURN of type E or A is an error, so the outbox tries again. */
  async sendResult(job: RfcResultJob): Promise<void> {
    const answer = await this.rfc.call(this.deps.functions.result, {
      IV_VBELN: job.vbeln, IV_STATUS: job.status, IV_KSEF_NUMBER: job.ksefNumber ?? '', IV_KSEF_TS: job.acquisitionDate ?? '',
      IV_UPO: Buffer.from(job.upoXml ?? '', 'utf8'), IT_MESSAGES: job.messages.map((m) => ({ MESSAGE: m.slice(0, 255) })),
    }, { timeoutSec: this.deps.timeoutSec });
    const ret = answer.ES_RETURN as { TYPE?: string; MESSAGE?: string } | undefined;
    if (ret?.TYPE === 'E' || ret?.TYPE === 'A') throw new Error(`${this.deps.functions.result} refused ${job.vbeln}: ${ret.MESSAGE ?? ''}`);
  }
}

/** For doctor and start-up: ping, the system's identity, and the INVOIC02 layout as the system defines it. */
export async function rfcDiagnose(rfc: RfcConnection, extension?: string): Promise<{ system: string; layout: IdocLayout; segments: number }> {
  await rfc.ping();
  const info = (await rfc.call('RFC_SYSTEM_INFO', {})).RFCSI_EXPORT as Record<string, string> | undefined;
  const read = await rfc.call('IDOCTYPE_READ_COMPLETE', { PI_IDOCTYP: 'INVOIC02', PI_CIMTYP: extension ?? '', PI_VERSION: '4' });
  const layout = IdocLayout.fromReadComplete(read as unknown as ReadCompleteOutput);
  const system = info ? `${info.RFCSYSID ?? '?'} release ${info.RFCSAPRL ?? '?'} on ${info.RFCDBHOST ?? '?'}` : 'unknown system';
  return { system, layout, segments: layout.names().length };
}
