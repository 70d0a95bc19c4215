import { buildProgram } from '../../../core/cli/program.js';
import { isRuntimeGcWarning } from '../../support/runtimeGcWarning.js';

export interface CliRun { stdout: string; stderr: string; exitCode: number }

/** Runs the real command line in-process, capturing stdout, stderr and the exit code it sets. */
export async function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const writeOut = process.stdout.write;
  const writeErr = process.stderr.write;
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  process.exitCode = undefined;
  process.stdout.write = ((chunk: string | Uint8Array) => { out.push(String(chunk)); return true; }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    if (isRuntimeGcWarning(String(chunk))) return writeErr.call(process.stderr, chunk);
    err.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    await (await buildProgram()).exitOverride().parseAsync(args, { from: 'user' });
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { stdout: out.join(''), stderr: err.join(''), exitCode };
}
