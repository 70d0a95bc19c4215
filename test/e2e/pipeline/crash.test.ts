import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSimulator, type RunningSimulator, type FaultConfig } from '../../../adapters/ksef-simulator/startSimulator.js';
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

function runChild(env: Record<string, string>): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CHILD], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b) => { stderr += String(b); });
    const timer = setTimeout(() => { child.kill('SIGKILL'); fail(new Error(`child timed out: ${stderr}`)); }, 90_000);
    child.on('exit', (code, signal) => { clearTimeout(timer); done({ code, signal, stderr }); });
  });
}

async function prepare(count: number, urgent: boolean, tag: string): Promise<{ dir: string; key: Buffer; ids: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'crash-'));
  const key = randomBytes(32);
  const store = new SqliteSubmissionStore(join(dir, 'gateway.db'));
  const vault = new SqliteCredentialVault(join(dir, 'vault.db'), key);
  await vault.put({ contextNip: NIP, kind: 'token', secret: new SecretValue(sim.createToken({ nip: NIP, permissions: ['InvoiceWrite'] }).token) });
  const service = new SubmissionService(store, new Fa3DocumentPreparer(), noopMetrics);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const number = `${tag}/${process.pid}/${Date.now()}/${i}`;
    ids.push((await service.submit('erp', { erpId: number, urgent, payload: { format: 'fa3-xml', xml: invoiceXml({ sellerNip: NIP, number }) } })).documentId);
  }
  await store.close();
  await vault.close();
  return { dir, key, ids };
}

const CASES: { point: string; urgent: boolean; faults?: FaultConfig }[] = [
  { point: 'assigned', urgent: true },
  { point: 'send-inflight:3', urgent: true, faults: { match: /\/invoices$/, latencyMs: 150 } },
  { point: 'sent-unrecorded:2', urgent: true },
  { point: 'closed-unrecorded', urgent: true },
  { point: 'upo-unrecorded:2', urgent: true },
  { point: 'delivered-unrecorded:2', urgent: true },
  { point: 'assigned', urgent: false },
  { point: 'batch-upload', urgent: false, faults: { match: /upload|parts|blob/i, latencyMs: 300 } },
  { point: 'batch-closed', urgent: false },
];

describe('a gateway killed with SIGKILL', () => {
  it.each(CASES)('accepts every document exactly once after a restart (killed at $point, urgent $urgent)', async ({ point, urgent, faults }) => {
    const n = urgent ? 6 : 30;
    const { dir, key, ids } = await prepare(n, urgent, `CRASH-${point.replace(/:.*/, '')}-${urgent ? 'U' : 'B'}`);
    const before = sim.invoiceCount(NIP);
    // The restarted gateway runs under another instance id (the composition root derives it from the pid): it must
    // adopt the dead instance's sessions and leases once they are a lease period old.
    const env = { DATA_DIR: dir, BASE_URL: sim.baseUrl, MASTER_KEY: key.toString('base64'), LEASE_MS: '1500' };
    sim.setFaults(faults ?? {});
    const crashed = await runChild({ ...env, CRASH_AT: point, INSTANCE_ID: 'gateway-a' });
    sim.setFaults({});
    expect({ signal: crashed.signal, stderr: crashed.stderr }).toEqual({ signal: 'SIGKILL', stderr: '' });
    const restarted = await runChild({ ...env, INSTANCE_ID: 'gateway-b' });
    expect({ code: restarted.code, stderr: restarted.stderr }).toEqual({ code: 0, stderr: '' });
    await sim.whenIdle();

    const store = new SqliteSubmissionStore(join(dir, 'gateway.db'));
    const docs = await Promise.all(ids.map((id) => store.get(id)));
    await store.close();
    expect(docs.map((d) => d?.state)).toEqual(ids.map(() => 'delivered'));
    const ksefNumbers = new Set(docs.map((d) => d?.ksefNumber));
    expect(ksefNumbers.size).toBe(n);
    expect(sim.invoiceCount(NIP) - before).toBe(n);
    // Delivery is at least once: a crash between deliver and its record repeats it with the same outcome.
    const outcomes = readFileSync(join(dir, 'outcomes.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Outcome);
    expect(new Set(outcomes.map((o) => o.documentId))).toEqual(new Set(ids));
    expect(outcomes.every((o) => o.kind === 'accepted' && ksefNumbers.has(o.ksefNumber))).toBe(true);
    removeDir(dir);
  });
});
