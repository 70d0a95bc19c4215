import { jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { startSimulator } from '../../../../adapters/ksef-simulator/startSimulator.js';
import { register, simulatorStartOptions, type SimulatorStartOptions } from '../../../../core/cli/commands/simulator.js';
import { GatewayError } from '../../../../core/errors/GatewayError.js';
import { KsefClient } from '../../../../core/ksef/KsefClient.js';
import { KsefTokenAuth } from '../../../../core/ksef/auth/KsefTokenAuth.js';
import { SimTestClient } from '../../../adapters/ksef-simulator/support/SimTestClient.js';

describe('ksef-gateway simulator token create', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ksef-sim-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function run(args: string[]): Promise<{ out: string; exitCode: number | undefined }> {
    const program = new Command('ksef-gateway').exitOverride();
    register(program);
    let out = '';
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    const errWrite = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const before = process.exitCode;
    try {
      await program.parseAsync(['node', 'ksef-gateway', ...args]);
      return { out, exitCode: process.exitCode as number | undefined };
    } finally {
      write.mockRestore();
      errWrite.mockRestore();
      process.exitCode = before;
    }
  }

  it('prints a token once that a simulator on the same data directory accepts', async () => {
    const { out } = await run(['simulator', 'token', 'create', '--nip', '5265877635', '--permissions', 'InvoiceWrite,InvoiceRead', '--data-dir', dir]);
    const token = out.trim();
    expect(token).toMatch(/\|nip-5265877635\|[0-9a-f]{64}$/);
    const sim = await startSimulator({ dataDir: dir, rateLimits: 'off', processingDelayMs: 0 });
    try {
      const client = new SimTestClient(sim.baseUrl);
      const op = await client.startTokenAuth('5265877635', token);
      expect(await client.authStatus(op.ref, op.authToken)).toBe(200);
    } finally {
      await sim.close();
    }
  });

  it('refuses unknown permissions with the configuration exit code', async () => {
    const { out, exitCode } = await run(['simulator', 'token', 'create', '--nip', '5265877635', '--permissions', 'Everything', '--data-dir', dir]);
    expect(out).toBe('');
    expect(exitCode).toBe(2);
  });
});

describe('ksef-gateway simulator start --hwm-lag-ms', () => {
  const defaults = { port: '0', rateLimits: 'off', processingDelayMs: '0', hwmLagMs: '60000' };

  it('starts a simulator whose permanentStorageHwmDate lags behind now by the given time', async () => {
    const program = new Command('ksef-gateway');
    register(program);
    const start = program.commands.find((c) => c.name() === 'simulator')!.commands.find((c) => c.name() === 'start')!;
    expect(start.helpInformation()).toMatch(/--hwm-lag-ms <ms>/);
    start.parseOptions(['--hwm-lag-ms', '5000', '--rate-limits', 'off']);
    const options = simulatorStartOptions(start.opts<SimulatorStartOptions>());
    expect(options).toMatchObject({ hwmLagMs: 5000, rateLimits: 'off', processingDelayMs: 300 });

    const sim = await startSimulator({ ...options, processingDelayMs: 0 });
    const client = new KsefClient({ baseUrl: sim.baseUrl, contextNip: '1111111111', authPollIntervalMs: 20, rateLimits: 'off',
      auth: new KsefTokenAuth(sim.createToken({ nip: '1111111111', permissions: ['InvoiceRead'] }).token) });
    try {
      const before = Date.now();
      const page = await client.queryInvoiceMetadata({ subjectType: 'Subject2', dateRange: { dateType: 'PermanentStorage', from: new Date(before - 3600_000).toISOString() } });
      const lag = before - Date.parse(page.permanentStorageHwmDate!);
      expect(lag).toBeGreaterThan(4000);
      expect(lag).toBeLessThan(6000);
    } finally {
      await client.close();
      await sim.close();
    }
  });

  it('refuses a lag that is not a whole number of milliseconds, naming the option', () => {
    for (const hwmLagMs of ['-1', '1.5', 'soon', '']) {
      let err: unknown;
      try { simulatorStartOptions({ ...defaults, hwmLagMs }); } catch (e) { err = e; }
      expect(GatewayError.is(err, 'GW_SIMULATOR_OPTION')).toBe(true);
      expect((err as Error).message).toMatch(/^--hwm-lag-ms must be a whole number of milliseconds/);
    }
    expect(simulatorStartOptions({ ...defaults, hwmLagMs: '0' }).hwmLagMs).toBe(0);
  });
});
