import { jest } from '@jest/globals';
import { buildProgram } from '../../core/cli/program.js';
import { exitCodeFor } from '../../core/cli/exitCodes.js';
import { isRuntimeGcWarning } from './runtimeGcWarning.js';

/** Runs the real command line in-process; returns stdout (as text and as bytes), stderr and the exit code it would end with. */
export async function runCli(args: string[], env: Record<string, string>): Promise<{ out: string; bytes: Buffer; err: string; code: number }> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const chunks: Buffer[] = [];
  let err = '';
  const so = jest.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => { chunks.push(Buffer.from(c)); return true; });
  const writeErr = process.stderr.write.bind(process.stderr);
  const se = jest.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => {
    if (isRuntimeGcWarning(String(c))) return writeErr(c);
    err += String(c);
    return true;
  });
  process.exitCode = undefined;
  let code = 0;
  try {
    await (await buildProgram()).exitOverride().parseAsync(['node', 'ksef-gateway', ...args]);
    code = Number(process.exitCode ?? 0);
  } catch (e) {
    code = exitCodeFor(e);
    err += (e as Error).message;
  } finally {
    so.mockRestore();
    se.mockRestore();
    process.exitCode = undefined;
    process.env = saved;
  }
  const bytes = Buffer.concat(chunks);
  return { out: bytes.toString('utf8'), bytes, err, code };
}
