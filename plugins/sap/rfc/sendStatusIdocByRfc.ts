import { IdocLayout } from '../idoc/IdocLayout.js';
import { idocDataRecords } from '../idoc/writeIdoc.js';
import { buildStatusIdoc } from '../status/buildStatusIdoc.js';
import { STATUS_LAYOUT } from '../status/statusLayouts.js';
import type { StatusJob } from '../StatusQueue.js';
import type { RfcConnection } from './RfcConnection.js';

const statusLayout = IdocLayout.fromTable(STATUS_LAYOUT);

/**
 * Posts a status IDoc into SAP by RFC, as an IDoc port of type tRFC would: `IDOC_INBOUND_ASYNCHRONOUS` with one
 * EDI_DC40 control record and the EDI_DD40 data records (SDATA cut to the SYSTAT01/ALEAUD01 layouts). SAP gives the
 * status IDoc its own number; the original's DOCNUM travels inside E1STATS/E1STATE. node-rfc calls it synchronously
 * (no TID): after a connection dropped mid-call the outbox sends it again, and SAP may record the same status twice
 * (docs/sap.md).
 */
export async function sendStatusIdocByRfc(rfc: RfcConnection, functionModule: string, job: StatusJob, timeoutSec: number): Promise<void> {
  const idoc = buildStatusIdoc(job.format, job.status, job.routing, new Date(job.at));
  await rfc.call(functionModule, {
    IDOC_CONTROL_REC_40: [{ TABNAM: 'EDI_DC40', ...idoc.control }],
    IDOC_DATA_REC_40: idocDataRecords(idoc, statusLayout),
  }, { timeoutSec });
}
