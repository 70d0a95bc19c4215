import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import semver from 'semver';
import { gatewayConfigSchema } from '../../core/config/GatewayConfig.js';
import { createLogger } from '../../core/logging/createLogger.js';
import type { PluginDefinition } from '../../core/plugin-api/definePlugin.js';
import { GATEWAY_API_VERSION, type ErpDocument, type Outcome, type Receipt, type ValidationReport } from '../../core/plugin-api/index.js';
import { OutcomeRouter } from '../../core/plugins/OutcomeRouter.js';
import { PluginHost } from '../../core/plugins/PluginHost.js';
import { pluginHostExtras } from '../support/pluginHostExtras.js';

/** What a plugin's contract run supplies: how to configure it and how to make its ERP offer documents. */
export interface ErpPluginSubject {
  readonly definition: PluginDefinition;
  /** Valid options for a fresh work folder; secret values must be listed in `secretValues`. */
  options(workDir: string): Promise<unknown> | unknown;
  /** Options the plugin's schema must refuse. */
  readonly invalidOptions: unknown;
  /** Config paths (`plugins[0].options.apiKey`) given as environment references, and the secret values they hold. */
  readonly envRefPaths?: readonly string[];
  readonly secretValues?: readonly string[];
  /** Makes the ERP offer these documents (FA(3) XML), by the plugin's own route (folder, HTTP, ...). */
  seed(workDir: string, documents: readonly { erpId: string; xml: string }[]): Promise<void>;
  /**
   * What the ERP recorded for a document (after `deliver`, or after a receipt in state `invalid`): the KSeF number,
   * `rejected`, or `invalid` with the text the ERP was given about it (where each error's code must appear);
   * undefined if nothing yet.
   */
  recorded(workDir: string, erpId: string): Promise<RecordedInErp | undefined>;
  cleanup?(): Promise<void>;
}

/** What an ERP plugin's ERP holds about one document, as its contract subject reads it back. */
export interface RecordedInErp {
  readonly ksefNumber?: string;
  readonly rejected?: boolean;
  /** The gateway refused the document at intake (receipt state `invalid`): it will never be sent. */
  readonly invalid?: boolean;
  /** Everything the ERP was told about the errors, as one text. */
  readonly errorText?: string;
}

const XML = '<Faktura xmlns="http://crd.gov.pl/wzor/2025/06/25/13775/"/>';

/**
 * The fake gateway's answers: an ERP id containing `INVALID` is refused at intake with these errors (as the real one
 * refuses a document that fails FA(3) checks); one containing `KNOWN` was stored by an earlier run and is answered as
 * a duplicate already delivered; any other is queued, and a duplicate when offered again.
 */
const INVALID_ERRORS = [
  { code: 'FA3_CONTRACT_FIRST', message: 'first error of the refused document', location: 'Fa/P_2' },
  { code: 'FA3_CONTRACT_SECOND', message: 'second error of the refused document', location: 'Fa/FaWiersz[1]/P_12', field: '/lines/0/vatRate' },
] as const;

async function eventually<T>(read: () => Promise<T | undefined>): Promise<T | undefined> {
  for (let i = 0; i < 200; i++) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 10));
  }
  return undefined;
}

/**
 * Delivers as the gateway's pipeline does: a plugin that refuses an outcome (it throws) gets it again after a pause,
 * for up to 10 s. A plugin may refuse while it still finishes taking the document the outcome belongs to.
 */
async function deliverAsGateway(router: OutcomeRouter, outcome: Outcome): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await router.deliver('under-test', outcome);
    } catch (err) {
      if (attempt >= 100) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function outcomeFor(erpId: string, kind: 'accepted' | 'rejected'): Outcome {
  return kind === 'accepted'
    ? { kind, documentId: `doc-${erpId}`, erpId, ksefNumber: '5265877635-20260102-0100001AF629-AF', acquisitionDate: '2026-01-02T10:00:00Z',
        upoXml: '<UPO>exact bytes</UPO>', invoiceHash: 'aGFzaA==', verificationUrl: 'https://qr-test.ksef.mf.gov.pl/invoice/5265877635/02-01-2026/aGFzaA' }
    : { kind, documentId: `doc-${erpId}`, erpId, errors: [{ code: '450', message: 'Invalid XML', location: 'Fa/P_2' }] };
}

/**
 * The suite every ERP adapter plugin must pass (plugins/README.md): manifest, options, lifecycle, intake of
 * documents exactly once, idempotent delivery, health, and no secret in its logs. Call it from a `*.test.ts`.
 */
export function erpPluginContract(name: string, subject: ErpPluginSubject): void {
  describe(`ERP plugin contract: ${name}`, () => {
    let workDir: string;
    let logText: string[];
    let submitted: { source: string; document: ErpDocument }[];
    let host: PluginHost;

    beforeEach(async () => {
      workDir = mkdtempSync(join(tmpdir(), 'gw-contract-'));
      logText = [];
      submitted = [];
      const destination = new Writable({ write(chunk, _e, cb) { logText.push(String(chunk)); cb(); } });
      host = new PluginHost({
        builtins: { subject: async () => ({ default: subject.definition }) },
        baseDir: workDir, envRefPaths: new Set(subject.envRefPaths ?? []), source: 'contract',
        logger: createLogger({ level: 'trace', destination }), clock: { now: () => new Date() }, dataDir: workDir,
        ...pluginHostExtras(workDir),
        facadeFor: (source) => ({
          async submit(document): Promise<Receipt> {
            const seen = submitted.find((s) => s.document.erpId === document.erpId);
            submitted.push({ source, document });
            const base = { documentId: `doc-${document.erpId}`, erpId: document.erpId };
            if (document.erpId.includes('INVALID')) return { ...base, state: 'invalid', duplicate: seen !== undefined, errors: INVALID_ERRORS };
            if (document.erpId.includes('KNOWN')) return { ...base, state: 'delivered', duplicate: true };
            return { ...base, state: 'queued', duplicate: seen !== undefined };
          },
          async validate(): Promise<ValidationReport> {
            throw new Error('the contract suite does not exercise validate yet');
          },
        }),
      });
    });
    afterEach(async () => {
      await host.stop();
      await subject.cleanup?.();
    });

    const load = async (): Promise<void> => {
      const [entry] = gatewayConfigSchema.parse({ plugins: [{ use: 'subject', id: 'under-test', options: await subject.options(workDir) }] }).plugins;
      await host.load([entry]);
    };

    /** Push plugins submit on their own; pull plugins are polled. Either way the documents must arrive. */
    const collect = async (count: number): Promise<void> => {
      const distinct = () => new Set(submitted.map((s) => s.document.erpId)).size;
      for (let round = 0; round < 200 && distinct() < count; round += 1) {
        await host.pollAll();
        if (distinct() < count) await new Promise((r) => setTimeout(r, 10));
      }
    };

    it('has a valid manifest for this plugin API', () => {
      const { manifest } = subject.definition;
      expect(manifest.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(semver.valid(manifest.version)).not.toBeNull();
      expect(semver.satisfies(GATEWAY_API_VERSION, manifest.gatewayApi)).toBe(true);
      expect(manifest.kind).toBe('erp-adapter');
    });

    it('accepts its sample options and refuses invalid ones with issues, not exceptions', async () => {
      expect(subject.definition.configSchema.safeParse(await subject.options(workDir)).success).toBe(true);
      const bad = subject.definition.configSchema.safeParse(subject.invalidOptions);
      expect(bad.success).toBe(false);
      expect(bad.error!.issues.length).toBeGreaterThan(0);
    });

    it('is created, started, checked and stopped by the host, and reports health', async () => {
      await load();
      await host.start();
      const health = await host.check();
      expect(['up', 'degraded']).toContain(health['under-test'].status);
    });

    it('hands over every document its ERP offers, each once, with its ERP id and a FA(3) or draft payload', async () => {
      await load();
      await host.start();
      const docs = ['INV-1', 'INV-2', 'INV-3'].map((erpId) => ({ erpId, xml: XML }));
      await subject.seed(workDir, docs);
      await collect(docs.length);
      await host.pollAll();
      // Each once: a plugin that offers a document again after its receipt (not marked as taken) fails here.
      expect(submitted.map((s) => s.document.erpId).sort()).toEqual(['INV-1', 'INV-2', 'INV-3']);
      for (const { source, document } of submitted) {
        expect(source).toBe('under-test');
        expect(['fa3-xml', 'fa3-json', 'draft']).toContain(document.payload.format);
      }
    });

    it('records accepted and rejected outcomes in the ERP and takes the same outcome twice without harm', async () => {
      await load();
      await host.start();
      await subject.seed(workDir, [{ erpId: 'OK-1', xml: XML }, { erpId: 'BAD-1', xml: XML }]);
      await collect(2);
      const router = new OutcomeRouter(host.registry);
      await deliverAsGateway(router, outcomeFor('OK-1', 'accepted'));
      await deliverAsGateway(router, outcomeFor('OK-1', 'accepted'));
      await deliverAsGateway(router, outcomeFor('BAD-1', 'rejected'));
      expect(await subject.recorded(workDir, 'OK-1')).toMatchObject({ ksefNumber: '5265877635-20260102-0100001AF629-AF' });
      expect(await subject.recorded(workDir, 'BAD-1')).toMatchObject({ rejected: true });
    });

    it('reports every error of a document the gateway refuses at intake (invalid) back to its ERP, and offers it once', async () => {
      await load();
      await host.start();
      await subject.seed(workDir, [{ erpId: 'INVALID-1', xml: XML }]);
      await collect(1);
      const record = await eventually(() => subject.recorded(workDir, 'INVALID-1'));
      expect(record).toMatchObject({ invalid: true });
      for (const e of INVALID_ERRORS) expect(record?.errorText).toContain(e.code);
      await host.pollAll();
      expect(submitted.filter((s) => s.document.erpId === 'INVALID-1')).toHaveLength(1);
    });

    it('takes a duplicate receipt (a document the gateway already holds) without error, refusal or a second offer', async () => {
      await load();
      await host.start();
      await subject.seed(workDir, [{ erpId: 'KNOWN-1', xml: XML }, { erpId: 'NEW-1', xml: XML }]);
      await collect(2);
      await host.pollAll();
      expect(submitted.filter((s) => s.document.erpId === 'KNOWN-1')).toHaveLength(1);
      const record = await subject.recorded(workDir, 'KNOWN-1');
      expect(record?.invalid ?? false).toBe(false);
      expect(record?.rejected ?? false).toBe(false);
      // Its outcome reaches the ERP as any other's.
      await deliverAsGateway(new OutcomeRouter(host.registry), outcomeFor('KNOWN-1', 'accepted'));
      expect(await subject.recorded(workDir, 'KNOWN-1')).toMatchObject({ ksefNumber: '5265877635-20260102-0100001AF629-AF' });
    });

    it('never writes a secret option to its logs', async () => {
      await load();
      await host.start();
      await subject.seed(workDir, [{ erpId: 'S-1', xml: XML }]);
      await collect(1);
      await host.check();
      await host.stop();
      const text = logText.join('');
      for (const value of subject.secretValues ?? []) expect(text).not.toContain(value);
    });
  });
}
