import { definePlugin, z } from '../../core/plugin-api/index.js';
import { FolderInbox } from './FolderInbox.js';
import { inboxFolders } from './InboxFolders.js';

/**
 * `folder-inbox`: FA(3) XML, invoice draft or canonical JSON files dropped into a folder (docs/plugins.md).
 */
export default definePlugin({
  manifest: {
    id: 'folder-inbox', version: '1.0.0', gatewayApi: '^1.0.0', kind: 'erp-adapter',
    description: 'Pulls FA(3) XML / invoice draft / canonical JSON files from a folder and writes outcomes and UPOs beside it',
  },
  configSchema: z.object({
    inbox: z.string().min(1).optional().describe('folder to watch; default <dataDir>/plugins/<id>/inbox'),
    processed: z.string().min(1).optional().describe('where taken files go; default beside the inbox'),
    failed: z.string().min(1).optional().describe('where unreadable or invalid files go; default beside the inbox'),
    outcomes: z.string().min(1).optional().describe('where <erpId>.json and <erpId>.upo.xml are written'),
    received: z.string().min(1).optional().describe('where invoices received from KSeF go: <ksefNumber>.xml + <ksefNumber>.json; default beside the inbox'),
    urgent: z.boolean().default(false).describe('send these documents online at once instead of batching'),
    stableForMs: z.number().int().min(0).default(1000)
      .describe('a file is taken once its size and time stay unchanged this long; 0 when the ERP renames complete files into the inbox'),
    followSymlinks: z.boolean().default(false).describe('read symbolic links in the inbox (they may point outside it)'),
    otherEncodings: z.enum(['refuse', 'transcode']).default('refuse')
      .describe('an XML file declaring an encoding other than UTF-8: refuse it, or transcode it exactly to UTF-8'),
  }).strict(),
  create(ctx) {
    const { urgent, stableForMs, followSymlinks, otherEncodings } = ctx.config;
    return new FolderInbox(inboxFolders(ctx.config, ctx.dataDir), { urgent, stableForMs, followSymlinks, otherEncodings }, ctx.logger);
  },
});
