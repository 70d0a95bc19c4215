import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { gatewayConfigSchema, type PluginEntry } from '../../../core/config/GatewayConfig.js';
import { createLogger } from '../../../core/logging/createLogger.js';
import type { PluginDefinition } from '../../../core/plugin-api/definePlugin.js';
import type { ErpDocument, Receipt, ValidationReport } from '../../../core/plugin-api/types.js';
import { PluginHost } from '../../../core/plugins/PluginHost.js';
import { pluginHostExtras } from '../../support/pluginHostExtras.js';

/** A host over in-test plugin definitions, an in-memory intake and a captured log. */
export function hostHarness(plugins: Record<string, PluginDefinition>, opts: { envRefPaths?: string[]; checkTimeoutMs?: number } = {}) {
  const lines: string[] = [];
  const destination = new Writable({ write(chunk, _e, cb) { lines.push(...String(chunk).trim().split('\n')); cb(); } });
  const submitted: { source: string; document: ErpDocument }[] = [];
  const builtins = Object.fromEntries(Object.entries(plugins).map(([id, def]) => [id, async () => ({ default: def })]));
  const dataDir = mkdtempSync(join(tmpdir(), 'gw-host-'));
  const host = new PluginHost({
    builtins,
    ...pluginHostExtras(dataDir),
    baseDir: fileURLToPath(new URL('.', import.meta.url)),
    envRefPaths: new Set(opts.envRefPaths ?? []),
    logger: createLogger({ destination, level: 'debug' }),
    clock: { now: () => new Date('2026-01-02T03:04:05Z') },
    dataDir,
    source: 'test.yaml',
    checkTimeoutMs: opts.checkTimeoutMs,
    facadeFor: (source) => ({
      async submit(document): Promise<Receipt> {
        if (document.erpId.startsWith('bad')) throw new Error(`document ${document.erpId} is malformed`);
        submitted.push({ source, document });
        return { documentId: `d-${submitted.length}`, erpId: document.erpId, state: 'received', duplicate: false };
      },
      async validate(): Promise<ValidationReport> {
        throw new Error('validate is not used by the host tests');
      },
    }),
  });
  const entries = (list: unknown[]): PluginEntry[] => gatewayConfigSchema.parse({ plugins: list }).plugins;
  return { host, entries, submitted, logs: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>), text: () => lines.join('\n') };
}
