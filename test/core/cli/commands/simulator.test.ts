import { jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { startSimulator } from '../../../../adapters/ksef-simulator/startSimulator.js';
import { register } from '../../../../core/cli/commands/simulator.js';
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
