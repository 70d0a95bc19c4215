import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import folderInbox from '../../plugins/folder-inbox/index.js';
import type { PluginDefinition } from '../../core/plugin-api/definePlugin.js';
import { erpPluginContract } from './erpPluginContract.js';

erpPluginContract('folder-inbox', {
  definition: folderInbox as PluginDefinition,
  options: (dir) => ({ inbox: join(dir, 'in') }),
  invalidOptions: { inbox: 42, unknownKey: true },
  async seed(dir, docs) {
    for (const d of docs) await writeFile(join(dir, 'in', `${d.erpId}.xml`), d.xml);
  },
  async recorded(dir, erpId) {
    try {
      const body = JSON.parse(await readFile(join(dir, 'outcomes', `${erpId}.json`), 'utf8'));
      return { ksefNumber: body.ksefNumber, rejected: body.kind === 'rejected', invalid: body.kind === 'invalid', errorText: JSON.stringify(body.errors ?? []) };
    } catch {
      return undefined;
    }
  },
});
