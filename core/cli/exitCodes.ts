import { CommanderError } from 'commander';
import { GatewayError } from '../errors/GatewayError.js';

/** Documented exit codes (docs/cli.md). */
export const ExitCode = {
  ok: 0,
  /** Some document was invalid or rejected. */
  invalid: 1,
  /** Bad configuration or command-line usage. */
  config: 2,
  /** KSeF or another dependency was unreachable or failed. */
  transient: 3,
  /** An unexpected error. */
  system: 4,
} as const;

export function exitCodeFor(err: unknown): number {
  // Commander's own ends: help and version are success, anything else (unknown option, missing argument) is usage.
  if (err instanceof CommanderError) return err.exitCode === 0 ? ExitCode.ok : ExitCode.config;
  if (!GatewayError.is(err)) return ExitCode.system;
  switch (err.kind) {
    case 'data': return ExitCode.invalid;
    case 'config': return ExitCode.config;
    case 'transient': return ExitCode.transient;
    default: return ExitCode.system;
  }
}

export function reportFatal(err: unknown): void {
  if (err instanceof CommanderError) {
    // Commander has already printed its message (and the help after an error).
    process.exitCode = exitCodeFor(err);
    return;
  }
  const message = GatewayError.is(err) ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
  process.stderr.write(`ksef-gateway: ${message}\n`);
  process.exitCode = exitCodeFor(err);
}
