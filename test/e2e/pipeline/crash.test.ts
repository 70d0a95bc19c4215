import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSimulator, type FaultConfig, type ReceivedRequest, type RunningSimulator } from '../../../adapters/ksef-simulator/startSimulator.js';
import { SqliteSubmissionStore } from '../../../adapters/sqlite-store/SqliteSubmissionStore.js';
import { SqliteCredentialVault } from '../../../adapters/vault/SqliteCredentialVault.js';
import { Fa3DocumentPreparer } from '../../../core/pipeline/Fa3DocumentPreparer.js';
import { noopMetrics } from '../../../core/pipeline/ports/PipelineMetrics.js';
import { SubmissionService } from '../../../core/pipeline/SubmissionService.js';
import { SecretValue } from '../../../core/vault/SecretValue.js';
import type { Outcome } from '../../../core/plugin-api/types.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { invoiceXml } from '../../support/pipeline/invoiceXml.js';
import { removeDir } from '../../support/pipeline/harness.js';
import { eachDocument, heldKsefNumber, ksefEvidence } from '../../support/ksefEvidence.js';

const ROOT = resolve('.');
const OUT = join(ROOT, 'node_modules', '.cache', 'ksef-gateway-crash-test');
const CHILD = join(OUT, 'test', 'e2e', 'pipeline', 'support', 'crashChild.js');
const NIP = '9999999999';
let sim: RunningSimulator;

beforeAll(async () => {
  // The child is a real gateway process: compiled once with tsc, run with node, killed with SIGKILL.
  execFileSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['--outDir', OUT, '--rootDir', ROOT, '--module', 'nodenext',
    '--moduleResolution', 'nodenext', '--target', 'ES2022', '--lib', 'ES2023', '--strict', '--experimentalDecorators', '--emitDecoratorMetadata',
    '--esModuleInterop', '--skipLibCheck', '--resolveJsonModule', join(ROOT, 'test/e2e/pipeline/support/crashChild.ts')], { stdio: 'inherit' });
  sim = await startSimulator({ schemasDir: SCHEMAS_DIR, processingDelayMs: 20, rateLimits: 'off' });
}, 180_000);
afterAll(async () => { await sim?.close(); });

interface Child {
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  kill(): void;
}

function runChild(env: Record<string, string>): Child {
  const child = spawn(process.execPath, [CHILD], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((done, fail) => {
    let stderr = '';
    child.stderr.on('data', (b) => { stderr += String(b); });
    const timer = setTimeout(() => { child.kill('SIGKILL'); fail(new Error(`child timed out: ${stderr}`)); }, 90_000);
    child.on('exit', (code, signal) => { clearTimeout(timer); done({ code, signal, stderr }); });
  });
  return { exited, kill: () => child.kill('SIGKILL') };
}

/**
 * Kills the child with SIGKILL as soon as `seen(requests since \`since\`)` holds (checked every few ms); returns the
 * requests received until then, or undefined when the child ended first.
 */
async function killWhen(child: Child, seen: (requests: readonly ReceivedRequest[]) => boolean, since: number): Promise<readonly ReceivedRequest[] | undefined> {
  let running = true;
  void child.exited.finally(() => { running = false; });
  while (running) {
    const requests = sim.requestsReceived(since);
    if (seen(requests)) {
      child.kill();
      return requests;
    }
    await sleep(2);
  }
  return undefined;
}

async function prepare(count: number, urgent: boolean, tag: string): Promise<{ dir: string; key: Buffer; ids: string[]; numbers: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'crash-'));
  const key = randomBytes(32);
  const store = new SqliteSubmissionStore(join(dir, 'gateway.db'));
  const vault = new SqliteCredentialVault(join(dir, 'vault.db'), key);
  await vault.put({ contextNip: NIP, kind: 'token', secret: new SecretValue(sim.createToken({ nip: NIP, permissions: ['InvoiceWrite'] }).token) });
  const service = new SubmissionService(store, new Fa3DocumentPreparer(), noopMetrics);
  const ids: string[] = [];
  const numbers: string[] = [];
  for (let i = 0; i < count; i++) {
    const number = `${tag}/${process.pid}/${Date.now()}/${i}`;
    numbers.push(number);
    ids.push((await service.submit('erp', { erpId: number, urgent, payload: { format: 'fa3-xml', xml: invoiceXml({ sellerNip: NIP, number }) } })).documentId);
  }
  await store.close();
  await vault.close();
  return { dir, key, ids, numbers };
}

const UPLOAD = /^\/storage\/batch\/[^/]+\/\d+$/;
const BATCH_CLOSE = /^\/v2\/sessions\/batch\/[^/]+\/close$/;
const isHeld = (invoiceNumber: string): boolean => sim.submissions({ sellerNip: NIP, invoiceNumber }).some((s) => s.statusCode === 200);

interface Case {
  /** Where the gateway dies: a point of the child's own (crashChild.ts), or a moment the test sees in the simulator's record. */
  readonly point: string;
  readonly urgent: boolean;
  readonly crashAt?: string;
  readonly faults?: FaultConfig;
  /** The test kills the child once this holds, given the run's invoice numbers and the requests received since it began. */
  readonly killWhen?: (numbers: readonly string[], requests: readonly ReceivedRequest[]) => boolean;
  /** What the requests received up to the kill must show (the kill happened where the label says). */
  readonly killedWhere?: (requests: readonly ReceivedRequest[]) => void;
  /** Killed after KSeF accepted a document and before the store recorded that send: the store must show it so. */
  readonly acceptedUnrecorded?: true;
  /**
   * Submissions KSeF must have received per document: always 1. A batch's session is recorded when KSeF opens it, so
   * a gateway killed after KSeF accepted the close asks KSeF on restart and polls the batch instead of sending it again.
   */
  readonly received: 1;
}

const CASES: Case[] = [
  { point: 'assigned', urgent: true, crashAt: 'assigned', received: 1 },
  { point: 'send-inflight:3', urgent: true, crashAt: 'send-inflight:3', faults: { match: /\/invoices$/, latencyMs: 150 }, received: 1 },
  { point: 'sent-unrecorded:2', urgent: true, crashAt: 'sent-unrecorded:2', acceptedUnrecorded: true, received: 1 },
  { point: 'online send accepted by KSeF, its answer not yet back', urgent: true,
    faults: { match: /^\/v2\/sessions\/online\/[^/]+\/invoices$/, answerDelayMs: 2_000 },
    killWhen: (numbers) => numbers.some(isHeld), acceptedUnrecorded: true, received: 1 },
  { point: 'closed-unrecorded', urgent: true, crashAt: 'closed-unrecorded', received: 1 },
  { point: 'upo-unrecorded:2', urgent: true, crashAt: 'upo-unrecorded:2', received: 1 },
  { point: 'delivered-unrecorded:2', urgent: true, crashAt: 'delivered-unrecorded:2', received: 1 },
  { point: 'assigned', urgent: false, crashAt: 'assigned', received: 1 },
  { point: 'during a batch upload', urgent: false, faults: { match: UPLOAD, latencyMs: 2_000 },
    killWhen: (_numbers, requests) => requests.some((r) => r.method === 'PUT' && UPLOAD.test(r.path)),
    killedWhere: (requests) => {
      // The part's upload had reached KSeF and the package was never closed: killed inside the upload.
      expect(requests.filter((r) => r.method === 'PUT' && UPLOAD.test(r.path))).toHaveLength(1);
      expect(requests.filter((r) => BATCH_CLOSE.test(r.path))).toEqual([]);
    },
    received: 1 },
  { point: 'batch-closed', urgent: false, crashAt: 'batch-closed', acceptedUnrecorded: true, received: 1 },
  { point: 'batch accepted by KSeF, the close answer not yet back', urgent: false, faults: { match: BATCH_CLOSE, answerDelayMs: 3_000 },
    killWhen: (numbers) => numbers.every(isHeld),
    killedWhere: (requests) => expect(requests.filter((r) => BATCH_CLOSE.test(r.path))).toHaveLength(1),
    acceptedUnrecorded: true, received: 1 },
];

describe('a gateway killed with SIGKILL', () => {
  it.each(CASES)('KSeF holds every document once, received $received time(s) each, and the store has its KSeF number after a kill at $point (urgent $urgent)', async (c) => {
    const n = c.urgent ? 6 : 30;
    const { dir, key, ids, numbers } = await prepare(n, c.urgent, `CRASH-${c.point.replace(/[: ,].*/, '')}-${c.urgent ? 'U' : 'B'}`);
    const held = sim.invoicesHeld(NIP);
    // The restarted gateway runs under another instance id (the composition root derives it from the pid): it must
    // adopt the dead instance's sessions and leases once they are a lease period old.
    const env = { DATA_DIR: dir, BASE_URL: sim.baseUrl, MASTER_KEY: key.toString('base64'), LEASE_MS: '1500' };
    sim.setFaults(c.faults ?? {});
    const since = sim.lastRequestSeq();
    const child = runChild({ ...env, ...(c.crashAt ? { CRASH_AT: c.crashAt } : {}), INSTANCE_ID: 'gateway-a' });
    const requests = c.killWhen ? await killWhen(child, (received) => c.killWhen!(numbers, received), since) : [];
    const crashed = await child.exited;
    sim.setFaults({});
    expect({ signal: crashed.signal, stderr: crashed.stderr }).toEqual({ signal: 'SIGKILL', stderr: '' });
    if (c.killedWhere) c.killedWhere(requests ?? []);
    if (c.acceptedUnrecorded) {
      // KSeF holds documents whose send the dead gateway's store never recorded (still `sending`, no invoice reference).
      const atKill = new SqliteSubmissionStore(join(dir, 'gateway.db'));
      const states = await Promise.all(ids.map((id) => atKill.get(id)));
      await atKill.close();
      const unrecorded = numbers.filter((number, i) => isHeld(number) && states[i]?.state === 'sending' && !states[i]?.invoiceRef);
      expect(unrecorded.length).toBeGreaterThan(0);
    }
    const restarted = await runChild({ ...env, INSTANCE_ID: 'gateway-b' }).exited;
    expect({ code: restarted.code, stderr: restarted.stderr }).toEqual({ code: 0, stderr: '' });
    await sim.whenIdle();

    const store = new SqliteSubmissionStore(join(dir, 'gateway.db'));
    const docs = await Promise.all(ids.map((id) => store.get(id)));
    await store.close();
    expect(docs.map((d) => d?.state)).toEqual(ids.map(() => 'delivered'));
    // KSeF's record: each document received the expected number of times and held once, under the KSeF number the
    // store ends with.
    expect(ksefEvidence(sim, NIP, numbers)).toEqual(eachDocument(numbers, { received: c.received, held: 1 }));
    expect(sim.invoicesHeld(NIP) - held).toBe(n);
    expect(docs.map((d) => d?.ksefNumber)).toEqual(numbers.map((number) => heldKsefNumber(sim, NIP, number)));
    // Delivery is at least once: a crash between deliver and its record repeats it with the same outcome.
    const ksefNumbers = new Set(docs.map((d) => d?.ksefNumber));
    const outcomes = readFileSync(join(dir, 'outcomes.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Outcome);
    expect(new Set(outcomes.map((o) => o.documentId))).toEqual(new Set(ids));
    expect(outcomes.every((o) => o.kind === 'accepted' && ksefNumbers.has(o.ksefNumber))).toBe(true);
    removeDir(dir);
  });
});
