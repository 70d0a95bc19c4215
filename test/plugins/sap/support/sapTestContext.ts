import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { pluginHostExtras } from '../../../support/pluginHostExtras.js';
import type { ErpDocument, GatewayFacade, PluginContext, Receipt, ValidationReport } from '../../../../core/plugin-api/index.js';
import { sapConfigSchema, type SapConfig } from '../../../../plugins/sap/sapConfigSchema.js';

/**
 * The gateway as a plugin sees it, in memory: submit stores by ERP id and answers a re-submitted id with the
 * existing receipt (duplicate), as the real store does; `failNext` makes the next submits fail as a store outage.
 */
export class MemoryGateway implements GatewayFacade {
  readonly documents = new Map<string, ErpDocument>();
  /** Every submit call that created a document (what would reach KSeF). */
  created = 0;
  failNext = 0;
  invalid: ((doc: ErpDocument) => Receipt['errors']) | undefined;

  async submit(document: ErpDocument): Promise<Receipt> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('database is locked');
    }
    const known = this.documents.has(document.erpId);
    if (!known) {
      this.documents.set(document.erpId, document);
      this.created += 1;
    }
    const errors = this.invalid?.(document);
    return { documentId: `doc-${document.erpId}`, erpId: document.erpId, state: errors ? 'invalid' : 'queued', duplicate: known, ...(errors ? { errors } : {}) };
  }

  async validate(): Promise<ValidationReport> {
    throw new Error('not used');
  }
}

/** A plugin context over real SQLite plugin storage in `dataDir` (the same folder gives the same records after a restart). */
export function sapTestContext(options: unknown, gateway: GatewayFacade, dataDir = mkdtempSync(join(tmpdir(), 'gw-sap-'))): PluginContext<SapConfig> {
  const extras = pluginHostExtras(dataDir);
  return {
    queries: extras.queriesFor(), storage: extras.storageFor('sap'), secrets: extras.secretsFor('sap'), rateLimits: extras.rateLimitsFor('sap'),
    instanceId: 'sap', config: sapConfigSchema.parse(options), logger: pino({ level: 'silent' }), signal: new AbortController().signal,
    gateway, health: { report: () => undefined }, clock: { now: () => new Date() }, dataDir,
  };
}
