import { randomInt } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PluginDefinition } from '../../core/plugin-api/definePlugin.js';
import { exampleInvoic02 } from '../../plugins/sap/examples/exampleInvoic02.js';
import { IdocLayout } from '../../plugins/sap/idoc/IdocLayout.js';
import { parseIdoc } from '../../plugins/sap/idoc/parseIdoc.js';
import { writeIdocXml } from '../../plugins/sap/idoc/writeIdoc.js';
import sap from '../../plugins/sap/index.js';
import { STATUS_LAYOUT } from '../../plugins/sap/status/statusLayouts.js';
import { FakeSapSystem } from '../plugins/sap/support/FakeSapSystem.js';
import { erpPluginContract } from './erpPluginContract.js';

// The ERP is an SAP system on loopback: IDocs arrive through the file port, outcomes go back as status IDocs.
const system = new FakeSapSystem();
beforeAll(() => system.start());
afterAll(() => system.stop());
const statusLayout = IdocLayout.fromTable(STATUS_LAYOUT);

erpPluginContract('sap', {
  definition: sap as PluginDefinition,
  options: (dir) => ({
    files: { inbox: join(dir, 'in'), stableMs: 0 },
    http: { host: '127.0.0.1', port: 0, user: 'SAPKSEF', password: 'idoc-endpoint-secret' },
    statusBack: { url: `${system.url}/sap/bc/idoc_xml`, user: 'KSEF_STATUS', password: 'status-back-secret', retry: { initialDelayMs: 20, maxDelayMs: 50 } },
  }),
  invalidOptions: { http: { port: 8470 }, unknownKey: true },
  envRefPaths: ['plugins[0].options.http.password', 'plugins[0].options.statusBack.password'],
  secretValues: ['idoc-endpoint-secret', 'status-back-secret'],
  async seed(dir, docs) {
    for (const d of docs) {
      const docnum = String(randomInt(1, 2 ** 47)).padStart(16, '0');
      await writeFile(join(dir, 'in', `${d.erpId}.xml`), writeIdocXml([exampleInvoic02({ vbeln: d.erpId, docnum })]));
    }
  },
  async recorded(_dir, erpId) {
    // Up to 10 s: the status leaves through the plugin's durable outbox, whose writes each wait for an fsync.
    for (let i = 0; i < 500; i++) {
      const statuses = system.received.flatMap((r) => parseIdoc(r.body, statusLayout).idocs).flatMap((s) => s.segments);
      const mine = statuses.filter((s) => s.fields.REFMES === erpId);
      if (mine.length > 0) {
        if (mine[0].fields.STATUS === '41') return { ksefNumber: mine[0].fields.STAPA1 };
        // SAP has one status for a document refused at intake and one KSeF rejected: 40, one record per error.
        const errorText = mine.map((s) => [s.fields.STATXT, s.fields.STAPA1, s.fields.STAPA2, s.fields.STAPA3, s.fields.STAPA4].join(' ')).join('\n');
        return { rejected: true, invalid: true, errorText };
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    return undefined;
  },
});
