import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { jest } from '@jest/globals';
import type { Command } from 'commander';
import { pino } from 'pino';
import { startSimulator, type RunningSimulator } from '../../../adapters/ksef-simulator/startSimulator.js';
import { SqliteSubmissionStore } from '../../../adapters/sqlite-store/SqliteSubmissionStore.js';
import { SqliteCredentialVault } from '../../../adapters/vault/SqliteCredentialVault.js';
import { buildProgram } from '../../../core/cli/program.js';
import { GatewayError } from '../../../core/errors/GatewayError.js';
import { ContextGuard } from '../../../core/pipeline/ContextGuard.js';
import type { PipelineDeps } from '../../../core/pipeline/PipelineDeps.js';
import { noopMetrics } from '../../../core/pipeline/ports/PipelineMetrics.js';
import { loadMasterKey } from '../../../core/vault/loadMasterKey.js';

const NIP = '5265877635';
let sim: RunningSimulator;
let dataDir: string;
const secretsSeen: string[] = [];
/** The value `generate` prints once, by design (DECISIONS.md 18). */
let printedOnce = '';

/** Commander's usage errors throw in every subcommand instead of ending the test process. */
function throwing(c: Command): Command {
  c.exitOverride();
  c.commands.forEach(throwing);
  return c;
}

/** Runs the real CLI in-process with a gateway data dir, the simulator's URL and optional stdin; captures all output. */
async function cli(args: string[], o: { env?: Record<string, string>; stdin?: string } = {}): Promise<{ out: string; err: string; exitCode: number }> {
  const out: string[] = [];
  const err: string[] = [];
  const w = jest.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => { out.push(String(c)); return true; });
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => { err.push(String(c)); return true; });
  const saved = { ...process.env };
  const stdin = Object.getOwnPropertyDescriptor(process, 'stdin')!;
  if (o.stdin !== undefined) Object.defineProperty(process, 'stdin', { value: Readable.from([Buffer.from(o.stdin)]), configurable: true });
  delete process.env.KSEF_TOKEN;
  delete process.env.KSEF_GATEWAY_CONFIG;
  delete process.env.KSEF_GATEWAY_MASTER_KEY;
  Object.assign(process.env, { KSEF_BASE_URL: sim.baseUrl, KSEF_GATEWAY_DATA_DIR: dataDir }, o.env);
  process.exitCode = undefined;
  try {
    await throwing(await buildProgram()).parseAsync(['node', 'ksef-gateway', ...args]);
    return { out: out.join(''), err: err.join(''), exitCode: Number(process.exitCode ?? 0) };
  } finally {
    process.exitCode = undefined;
    w.mockRestore();
    e.mockRestore();
    process.env = saved;
    Object.defineProperty(process, 'stdin', stdin);
  }
}

async function withVault<T>(use: (v: SqliteCredentialVault) => Promise<T>): Promise<T> {
  const v = new SqliteCredentialVault(join(dataDir, 'vault.sqlite'), loadMasterKey(dataDir, {}));
  try {
    return await use(v);
  } finally {
    await v.close();
  }
}

function newToken(permissions = ['InvoiceWrite', 'InvoiceRead', 'CredentialsManage', 'CredentialsRead']): { token: string; referenceNumber: string } {
  const t = sim.createToken({ nip: NIP, permissions, description: 'token vault e2e' });
  secretsSeen.push(t.token.split('|').pop()!);
  return t;
}

beforeAll(async () => {
  sim = await startSimulator({ rateLimits: 'off', processingDelayMs: 0 });
  dataDir = await mkdtemp(join(tmpdir(), 'ksef-token-vault-'));
});

afterAll(async () => {
  await sim.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('token commands with the vault', () => {
  const outputs: string[] = [];
  const record = (r: { out: string; err: string }): void => { outputs.push(r.out, r.err); };

  it('add refuses a token KSeF does not know, stores nothing and exits non-zero', async () => {
    const fake = `20261125-EC-0000000000-0000000000-00|nip-${NIP}|${'ab'.repeat(32)}`;
    secretsSeen.push('ab'.repeat(32));
    const r = await cli(['token', 'add', '--nip', NIP, '--from-env', 'MY_TOKEN'], { env: { MY_TOKEN: fake } });
    record(r);
    expect(r.exitCode).toBe(2);
    expect(r.err).toMatch(/GW_TOKEN_REFUSED: KSeF refused the token for context 5265877635.*nothing stored/);
    expect(await withVault((v) => v.info(NIP, 'token'))).toBeUndefined();
  });

  it('add --from-env stores the token encrypted with what KSeF says about it', async () => {
    const t = newToken();
    const r = await cli(['token', 'add', '--nip', NIP, '--from-env', 'MY_TOKEN'], { env: { MY_TOKEN: t.token } });
    record(r);
    expect(r.exitCode).toBe(0);
    expect(r.out).toContain(`verified: KSeF authenticated it`);
    const info = await withVault((v) => v.info(NIP, 'token'));
    expect(info).toMatchObject({ referenceNumber: t.referenceNumber, status: 'active', ksefStatus: 'Active',
      permissions: ['InvoiceWrite', 'InvoiceRead', 'CredentialsManage', 'CredentialsRead'] });
    expect(info!.lastAuthenticatedAt).toEqual(expect.any(String));
    expect((await withVault((v) => v.secret(NIP, 'token')))!.revealText()).toBe(t.token);
  });

  it('add reads piped stdin; a refused token later leaves the previous one in place', async () => {
    const t = newToken();
    const r = await cli(['token', 'add', '--nip', NIP], { stdin: `${t.token}\n` });
    record(r);
    expect(r.exitCode).toBe(0);
    expect((await withVault((v) => v.info(NIP, 'token')))!.referenceNumber).toBe(t.referenceNumber);

    const revoked = newToken();
    sim.revokeToken(revoked.referenceNumber);
    const bad = await cli(['token', 'add', '--nip', NIP], { stdin: `${revoked.token}\n` });
    record(bad);
    expect(bad.exitCode).toBe(2);
    expect(bad.err).toContain('nothing stored');
    expect(await withVault((v) => v.info(NIP, 'token'))).toMatchObject({ referenceNumber: t.referenceNumber, status: 'active' });
  });

  it('add --expires records when the token stops being valid; status shows it; a past or malformed date stores nothing', async () => {
    const t = newToken();
    const r = await cli(['token', 'add', '--nip', NIP, '--expires', '2099-06-30'], { stdin: `${t.token}\n` });
    record(r);
    expect(r.exitCode).toBe(0);
    expect(r.out).toContain('; valid until 2099-06-30T23:59:59.999Z');
    expect((await withVault((v) => v.info(NIP, 'token')))).toMatchObject({ referenceNumber: t.referenceNumber, expiresAt: '2099-06-30T23:59:59.999Z' });
    const status = await cli(['token', 'status', '--nip', NIP]);
    expect(status.out).toContain('valid until: 2099-06-30T23:59:59.999Z');
    for (const expires of ['2020-01-01', '30.06.2099']) {
      const other = newToken();
      const bad = await cli(['token', 'add', '--nip', NIP, '--expires', expires], { stdin: `${other.token}\n` });
      record(bad);
      expect(bad.exitCode).toBe(2);
      expect(bad.err).toMatch(/--expires: /);
      expect((await withVault((v) => v.info(NIP, 'token')))!.referenceNumber).toBe(t.referenceNumber);
    }
  });

  it('add never takes the value from the command line', async () => {
    await expect(cli(['token', 'add', '--nip', NIP, 'some-token-value'])).rejects.toThrow(/too many arguments/);
    expect(await withVault((v) => v.info(NIP, 'token'))).not.toMatchObject({ referenceNumber: 'some-token-value' });
  });

  it('generate authenticates with the vault\'s token, prints the new value once and stores it', async () => {
    const r = await cli(['token', 'generate', '--nip', NIP, '--permissions', 'InvoiceWrite,InvoiceRead', '--description', 'generated by e2e']);
    record(r);
    expect(r.exitCode).toBe(0);
    const value = /token: (\S+)/.exec(r.out)![1]!;
    secretsSeen.push(value.split('|').pop()!);
    printedOnce = value.split('|').pop()!;
    expect(r.out.split(value)).toHaveLength(2);
    const ref = /reference: (\S+)/.exec(r.out)![1];
    expect(await withVault((v) => v.info(NIP, 'token'))).toMatchObject({ referenceNumber: ref, permissions: ['InvoiceWrite', 'InvoiceRead'], status: 'active' });
    expect((await withVault((v) => v.secret(NIP, 'token')))!.revealText()).toBe(value);
  });

  it('generate --no-store leaves the vault as it was', async () => {
    const before = await withVault((v) => v.info(NIP, 'token'));
    const r = await cli(['token', 'generate', '--nip', NIP, '--no-store', '--permissions', 'InvoiceRead', '--description', 'not stored'],
      { env: { KSEF_TOKEN: newToken().token } });
    secretsSeen.push(/token: \S+\|(\S+)/.exec(r.out)![1]!);
    expect(r.exitCode).toBe(0);
    expect((await withVault((v) => v.info(NIP, 'token')))!.referenceNumber).toBe(before!.referenceNumber);
  });

  it('status shows the vault\'s record and KSeF\'s view, never a value', async () => {
    const r = await cli(['token', 'status', '--nip', NIP]);
    record(r);
    const info = await withVault((v) => v.info(NIP, 'token'));
    expect(r.exitCode).toBe(0);
    expect(r.out).toContain(`reference: ${info!.referenceNumber}`);
    expect(r.out).toContain('permissions: InvoiceWrite,InvoiceRead');
    expect(r.out).toMatch(/last successful authentication: \d{4}-/);
    expect(r.out).toMatch(/KSeF:\n.*Active/);
  });

  it('revoke marks the vault\'s entry revoked when it is that token', async () => {
    const ref = (await withVault((v) => v.info(NIP, 'token')))!.referenceNumber!;
    const r = await cli(['token', 'revoke', '--nip', NIP, ref], { env: { KSEF_TOKEN: newToken().token } });
    record(r);
    expect(r.exitCode).toBe(0);
    expect(r.out).toContain('marked revoked');
    expect(await withVault((v) => v.info(NIP, 'token'))).toMatchObject({ referenceNumber: ref, status: 'revoked' });
    expect(['Revoking', 'Revoked']).toContain(sim.tokenStatus(ref));
  });

  it('never shows or stores a token value in plaintext', async () => {
    const all = outputs.join('\n');
    const files = await readdir(dataDir);
    const bytes = (await Promise.all(files.map((f) => readFile(join(dataDir, f)).catch(() => Buffer.alloc(0))))).map((b) => b.toString('latin1')).join('');
    expect(secretsSeen.length).toBeGreaterThan(4);
    for (const s of secretsSeen) {
      expect(all.split(s).length).toBeLessThanOrEqual(s === printedOnce ? 2 : 1);
      expect(bytes).not.toContain(s);
    }
  });

  it('a context paused for a refused token resumes once a new token is added', async () => {
    const store = new SqliteSubmissionStore(join(dataDir, 'gateway.sqlite'));
    const released: string[] = [];
    const emitted: string[] = [];
    try {
      await withVault(async (vault) => {
        const deps = { store, vault, metrics: noopMetrics, logger: pino({ enabled: false }), now: () => Date.now(),
          events: { emit: async (e: { type: string; contextNip?: string }) => { emitted.push(`${e.type} ${e.contextNip}`); } },
          clients: { release: async (nip: string) => { released.push(nip); } } } as unknown as PipelineDeps;
        const guard = new ContextGuard(deps);
        await store.setContextPaused(NIP, 'KSeF refused the credential', Date.now());
        await guard.refresh();
        expect(guard.mayRun(NIP)).toBe(false); // the vault's token is revoked
        const r = await cli(['token', 'add', '--nip', NIP], { stdin: newToken().token });
        expect(r.exitCode).toBe(0);
        await guard.refresh();
        expect(guard.mayRun(NIP)).toBe(true);
        expect((await store.pausedContexts()).has(NIP)).toBe(false);
        expect(released).toEqual([NIP]);
        expect(emitted).toEqual([`context-resumed ${NIP}`]);
      });
    } finally {
      await store.close();
    }
  });

  it('pauses a context with no stored credential saying so, never "KSeF refused" (KSeF was not asked)', async () => {
    const store = new SqliteSubmissionStore(join(dataDir, 'gateway.sqlite'));
    const OTHER = '7010002116';
    try {
      await withVault(async (vault) => {
        const deps = { store, vault, metrics: noopMetrics, logger: pino({ enabled: false }), now: () => Date.now(),
          events: { emit: async () => undefined }, clients: { release: async () => undefined } } as unknown as PipelineDeps;
        const guard = new ContextGuard(deps);
        await guard.failed(OTHER, new GatewayError('GW_PIPELINE_NO_CREDENTIAL', 'config', `No KSeF token for context ${OTHER}; add one with "token add"`, { location: OTHER }));
        const reason = (await store.pausedContexts()).get(OTHER) ?? '';
        expect(reason).toMatch(/^No usable credential for context 7010002116/);
        expect(reason).not.toMatch(/refused/i);
        expect(guard.mayRun(OTHER)).toBe(false);
      });
    } finally {
      await store.close();
    }
  });
});
