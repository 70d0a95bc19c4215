import type { Command } from 'commander';
import type { FaultConfig } from '../../di/localSimulator.js';
import { GatewayError } from '../../errors/GatewayError.js';

export interface FaultOptions {
  fault5xx?: string;
  faultDrop?: string;
  faultDropAfter?: string;
  faultLostResponse?: string;
  fault429?: string;
  fault429BurstMs?: string;
  faultLatencyMs?: string;
  faultAnswerDelayMs?: string;
  faultMatch?: string;
}

/** The `simulator start` options that inject KSeF's bad days (the chaos run uses them). */
export function withFaultOptions(cmd: Command): Command {
  return cmd
    .option('--fault-5xx <rate>', 'probability (0..1) of answering 500 before handling a request')
    .option('--fault-drop <rate>', 'probability of dropping the connection before handling')
    .option('--fault-drop-after <rate>', 'probability of dropping the connection after handling (done, answer lost)')
    .option('--fault-lost-response <rate>', 'probability of answering 503 after handling (done, answer lost)')
    .option('--fault-429 <rate>', 'probability of answering 429 with Retry-After before handling')
    .option('--fault-429-burst-ms <ms>', 'after an injected 429, answer 429 to every request for this long')
    .option('--fault-latency-ms <ms>', 'added latency per request, before it is handled')
    .option('--fault-answer-delay-ms <ms>', 'added latency after a request was handled, before its answer (done, answer late)')
    .option('--fault-match <regex>', 'inject only on paths matching this regular expression');
}

function rate(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new GatewayError('GW_SIMULATOR_FAULT', 'config', `${flag} must be a probability from 0 to 1, not ${value}`, { location: flag });
  return n;
}

function ms(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new GatewayError('GW_SIMULATOR_FAULT', 'config', `${flag} must be a whole number of milliseconds, not ${value}`, { location: flag });
  return n;
}

export function faultConfigFrom(o: FaultOptions): FaultConfig {
  let match: RegExp | undefined;
  if (o.faultMatch !== undefined) {
    try {
      match = new RegExp(o.faultMatch);
    } catch (e) {
      throw new GatewayError('GW_SIMULATOR_FAULT', 'config', `--fault-match is not a regular expression: ${(e as Error).message}`, { location: '--fault-match' });
    }
  }
  const f: FaultConfig = {
    serverErrorRate: rate(o.fault5xx, '--fault-5xx'),
    dropRate: rate(o.faultDrop, '--fault-drop'),
    dropAfterHandlingRate: rate(o.faultDropAfter, '--fault-drop-after'),
    lostResponseRate: rate(o.faultLostResponse, '--fault-lost-response'),
    tooManyRequestsRate: rate(o.fault429, '--fault-429'),
    tooManyRequestsBurstMs: ms(o.fault429BurstMs, '--fault-429-burst-ms'),
    latencyMs: ms(o.faultLatencyMs, '--fault-latency-ms'),
    answerDelayMs: ms(o.faultAnswerDelayMs, '--fault-answer-delay-ms'),
    match,
  };
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as FaultConfig;
}
