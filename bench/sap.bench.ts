/**
 * SAP INVOIC02, IDocs per second (ten items each):
 *   1. parse + map to a draft, as IDoc-XML and as flat records (one core, in-process);
 *   2. + draft completion, FA(3) build, XSD and rules through the gateway's document preparer: on one core, then
 *      as the gateway spreads it, parse + map on the event loop and the rest on a validation thread per core;
 *   3. the whole intake as the plugin runs it: IDoc-XML in -> parse -> map -> the gateway (completion, FA(3),
 *      XSD + rules on the validation threads, the SQLite outbox) -> the IDoc index, until the IDoc is acknowledged;
 *      one IDoc at a time and several at once (SAP's XML-HTTP port sends in parallel from several work processes);
 *   4. the same over HTTP: POSTs to the plugin's endpoint, several connections at once.
 * Target (issue 20): >= 1,000 ten-item IDocs/s for the whole path on this machine.
 * Run: npm run bench:sap   (schemas: KSEF_SCHEMAS_DIR, else ../shared/ksef/schemas; BENCH_MS per measurement, default 3000;
 * BENCH_CONCURRENCY for 3 and 4, default 8)
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../core/config/loadConfig.js';
import { GatewayApp } from '../core/di/GatewayApp.js';
import { buildDraft } from '../core/fa3/draft/buildDraft.js';
import { prepareDraft } from '../core/fa3/draft/prepareDraft.js';
import { tryWriteFa3 } from '../core/fa3/Fa3Writer.js';
import type { Faktura } from '../core/fa3/model/Faktura.js';
import { Fa3ValidationPool } from '../core/fa3/validation/Fa3ValidationPool.js';
import { Fa3XsdValidator } from '../core/fa3/validation/Fa3XsdValidator.js';
import { validateFa3 } from '../core/fa3/validation/validateFa3.js';
import { Fa3DocumentPreparer } from '../core/pipeline/Fa3DocumentPreparer.js';
import { exampleInvoic02 } from '../plugins/sap/examples/exampleInvoic02.js';
import { invoic02Layout } from '../plugins/sap/idoc/invoic02Defaults.js';
import { parseIdoc } from '../plugins/sap/idoc/parseIdoc.js';
import { writeFlatIdoc, writeIdocXml } from '../plugins/sap/idoc/writeIdoc.js';
import { mapInvoic02 } from '../plugins/sap/mapping/mapInvoic02.js';
import { defaultMapping } from '../plugins/sap/mapping/SapMapping.js';
import type { SapAdapter } from '../plugins/sap/SapAdapter.js';

const shared = resolve(process.env.KSEF_SHARED_DIR ?? join(process.cwd(), '..', 'shared'));
const schemasDir = process.env.KSEF_SCHEMAS_DIR ?? join(shared, 'ksef', 'schemas');
const MS = Number(process.env.BENCH_MS ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const PARALLEL_PREPARE = 64;
const SELLER = '5265877635';
const layout = invoic02Layout();
const mapping = defaultMapping();
const today = new Date().toISOString().slice(0, 10).replace(/-/g, '');
/** Ten-item IDoc `n` of run `run`: its own DOCNUM and billing document, so none is taken as a duplicate. */
const idocXml = (run: number, n: number) => writeIdocXml([exampleInvoic02({
  items: 10, issueDate: today, docnum: `${run}${String(n).padStart(15, '0')}`, vbeln: `${run}${String(n).padStart(9, '0')}`,
})]);
const samples = Array.from({ length: 50 }, (_, i) => exampleInvoic02({ items: 10, issueDate: today, docnum: String(1000 + i).padStart(16, '0'), vbeln: String(90000000 + i).padStart(10, '0') }));
const xmlInputs = samples.map((i) => writeIdocXml([i]));
const flatInputs = samples.map((i) => writeFlatIdoc([i], layout));

function parseAndMap(text: string) {
  const idoc = parseIdoc(text, layout).idocs[0];
  const mapped = mapInvoic02(idoc, mapping);
  if (!mapped.ok) throw new Error(`benchmark IDoc refused: ${mapped.errors[0].code} ${mapped.errors[0].message}`);
  return mapped;
}

/** Runs `fn` for MS milliseconds, `parallel` calls in flight at a time; prints IDocs/s and CPU per IDoc (all threads). */
async function measure(name: string, fn: (i: number) => unknown, parallel = 1): Promise<void> {
  let n = 0;
  const start = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const elapsedMs = () => Number(process.hrtime.bigint() - start) / 1e6;
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (elapsedMs() < MS) await fn(n++);
  }));
  const seconds = elapsedMs() / 1e3;
  const cpu = process.cpuUsage(cpu0);
  console.log(`${name.padEnd(74)} ${(n / seconds).toFixed(0).padStart(6)} IDocs/s  (${n} in ${seconds.toFixed(1)} s, ${(((cpu.user + cpu.system) / 1e3) / n).toFixed(2)} ms CPU each)`);
}

async function main(): Promise<void> {
  console.log(`INVOIC02 with 10 items: ${xmlInputs[0].length} bytes as IDoc-XML, ${flatInputs[0].length} bytes flat`);
  await measure('1. parse + map (IDoc-XML), one core', (i) => parseAndMap(xmlInputs[i % xmlInputs.length]));
  await measure('1. parse + map (flat EDI_DC40/EDI_DD40), one core', (i) => parseAndMap(flatInputs[i % flatInputs.length]));

  const xsd = await Fa3XsdValidator.load(schemasDir);
  // As the gateway composes it without validation threads: a draft is completed, written and checked in one step,
  // the rules running on the model just written (the XML is not read back).
  const preparer = new Fa3DocumentPreparer({ write: (inv) => tryWriteFa3(inv as Faktura), buildDraft: (d) => buildDraft(d), validate: (xml) => validateFa3(xml, { xsd }),
    prepareDraft: (d) => prepareDraft(d, { xsd, now: new Date() }) });
  await measure('2. parse + map + complete + build FA(3) + XSD + rules, one core', async (i) => {
    const m = parseAndMap(xmlInputs[i % xmlInputs.length]);
    const r = await preparer.prepare({ erpId: m.erpId, payload: { format: 'draft', draft: m.draft, sources: m.sources } });
    if (!r.ok) throw new Error(`benchmark draft invalid: ${r.errors.map((e) => `${e.code} ${e.message}`).join('; ')}`);
  });
  xsd.dispose();

  // The same work as the gateway spreads it: parse + map on the event loop, completion + FA(3) + XSD + rules on one
  // validation thread per core; many IDocs at once, as SAP's work processes send them.
  const pool = new Fa3ValidationPool({ schemasDir, threads: Fa3ValidationPool.threadsFor('auto') });
  const onThreads = new Fa3DocumentPreparer({ buildDraft: (d) => buildDraft(d), validate: (xml) => pool.validate(xml), prepareDraft: (d) => pool.prepareDraft(d) });
  await Promise.all(xmlInputs.slice(0, 4).map((x) => { const m = parseAndMap(x); return onThreads.prepare({ erpId: m.erpId, payload: { format: 'draft', draft: m.draft } }); }));
  await measure(`2. the same, validation threads on every core (${pool.threads}), ${PARALLEL_PREPARE} at once`, async (i) => {
    const m = parseAndMap(xmlInputs[i % xmlInputs.length]);
    const r = await onThreads.prepare({ erpId: m.erpId, payload: { format: 'draft', draft: m.draft, sources: m.sources } });
    if (!r.ok) throw new Error(`benchmark draft invalid: ${r.errors.map((e) => `${e.code} ${e.message}`).join('; ')}`);
  }, PARALLEL_PREPARE);
  await pool.close();

  const dir = mkdtempSync(join(tmpdir(), 'bench-sap-'));
  const env = { ...process.env, KSEF_GATEWAY_DATA_DIR: dir, KSEF_GATEWAY_CONFIG: '', KSEF_SCHEMAS_DIR: schemasDir, BENCH_SAP_PASSWORD: 'bench' };
  writeFileSync(join(dir, 'gw.yaml'), [
    'admin: { enabled: false }',
    `contexts: [{ nip: "${SELLER}", credential: { kind: token } }]`,
    'plugins:',
    '  - use: sap',
    '    id: sap',
    '    options:',
    '      http: { host: 127.0.0.1, port: 0, user: SAPKSEF, password: "${BENCH_SAP_PASSWORD}" }',
  ].join('\n'));
  // Plugins and the store only: the pipeline that would send to KSeF is not started, so the outbox only fills.
  const app = await GatewayApp.create({ loaded: loadConfig({ file: join(dir, 'gw.yaml'), env }), env, connect: false, logDestination: pino.destination(2) });
  try {
    await app.plugins.load(app.config.plugins);
    await app.plugins.start();
    const sap = app.plugins.registry.all()[0].instance as SapAdapter;
    const take = (run: number) => async (i: number) => {
      const result = await sap.intake.take(idocXml(run, i), 'bench');
      if (result.kind !== 'taken' || result.results[0].state !== 'submitted') throw new Error(`IDoc not submitted: ${JSON.stringify(result)}`);
    };
    console.log(`threads validating: ${app.config.validation.threads ?? 'auto'} (machine: ${os.cpus().length} cores)`);
    await measure('3. IDoc-XML -> draft -> FA(3) -> XSD + rules -> outbox, one at a time', take(1));
    await measure(`3. IDoc-XML -> draft -> FA(3) -> XSD + rules -> outbox, ${CONCURRENCY} at once`, take(2), CONCURRENCY);
    const auth = `Basic ${Buffer.from('SAPKSEF:bench').toString('base64')}`;
    const url = sap.endpoint!.url;
    await measure(`4. the same as HTTP POSTs to the IDoc endpoint, ${CONCURRENCY} connections`, async (i) => {
      const response = await fetch(url, { method: 'POST', body: idocXml(3, i), headers: { 'content-type': 'application/x-sap.idoc', authorization: auth } });
      const text = await response.text();
      if (response.status !== 200 || !text.includes('submitted')) throw new Error(`endpoint answered ${response.status}: ${text}`);
    }, CONCURRENCY);
    console.log(`outbox: ${JSON.stringify(await app.store.countsByState())}`);
  } finally {
    await app.plugins.stop();
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (other work on the machine slows the wall-clock figures; CPU per IDoc is the steadier number)`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
