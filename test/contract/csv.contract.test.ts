import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import csv from '../../plugins/csv/index.js';
import type { PluginDefinition } from '../../core/plugin-api/definePlugin.js';
import { DEFAULT_ROWS, toCsv } from '../plugins/csv/csvFiles.js';
import { erpPluginContract } from './erpPluginContract.js';

let drops = 0;

erpPluginContract('csv', {
  definition: csv as PluginDefinition,
  options: (dir) => ({ inbox: join(dir, 'in'), out: join(dir, 'out'), take: { when: 'renamed' }, resultsDelayMs: 0 }),
  invalidOptions: { inbox: 42, take: { when: 'sometimes' }, unknownKey: true },
  async seed(dir, docs) {
    // The ERP's export: one invoice per offered document, its ERP id as the document id.
    const rows = docs.map((d) => [d.erpId, `FV/${d.erpId}`, ...DEFAULT_ROWS[1].slice(2)]);
    await writeFile(join(dir, 'in', `export-${drops++}.csv`), toCsv([DEFAULT_ROWS[0], ...rows]));
  },
  async recorded(dir, erpId) {
    for (let n = 0; n < drops; n++) {
      const text = await readFile(join(dir, 'out', `export-${n}.csv.results.csv`), 'utf8').catch(() => undefined);
      const row = text === undefined ? undefined : (parse(text, { delimiter: ';', columns: true }) as Record<string, string>[]).find((r) => r.document_id === erpId);
      if (row) {
        return { ksefNumber: row.ksef_number || undefined, rejected: row.state === 'rejected', invalid: row.state === 'invalid',
          errorText: `${row.error_codes} ${row.error_messages}` };
      }
    }
    return undefined;
  },
});
