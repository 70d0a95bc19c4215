import { join } from 'node:path';
import type { Command } from 'commander';
import { faultConfigFrom, withFaultOptions, type FaultOptions } from './simulatorFaults.js';
import { createTokenOffline, startSimulator, TOKEN_PERMISSIONS, type SimulatorOptions } from '../../di/localSimulator.js';
import { dataDir } from '../../config/paths.js';
import { GatewayError } from '../../errors/GatewayError.js';
import { locateSchemas } from '../../fa3/schemas/locateSchemas.js';
import { createLogger } from '../../logging/createLogger.js';
import { pino } from 'pino';
import { reportFatal } from '../exitCodes.js';

const defaultDir = (): string => join(dataDir(), 'simulator');

function parsePermissions(value: string): string[] {
  const list = value.split(',').map((p) => p.trim()).filter(Boolean);
  const unknown = list.filter((p) => !(TOKEN_PERMISSIONS as readonly string[]).includes(p));
  if (unknown.length || list.length === 0) {
    throw new GatewayError('GW_SIMULATOR_PERMISSIONS', 'config', `unknown permissions: ${unknown.join(', ') || '(none given)'}; use ${TOKEN_PERMISSIONS.join(', ')}`, { location: '--permissions' });
  }
  return list;
}

export type SimulatorStartOptions = { port: string; dataDir?: string; rateLimits: string; processingDelayMs: string; hwmLagMs: string } & FaultOptions;

function wholeMs(value: string, flag: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0) throw new GatewayError('GW_SIMULATOR_OPTION', 'config', `${flag} must be a whole number of milliseconds, not ${value}`, { location: flag });
  return n;
}

/** What `simulator start` hands startSimulator besides the state and schema directories; bad values are refused by flag. */
export function simulatorStartOptions(o: SimulatorStartOptions): Pick<SimulatorOptions, 'port' | 'rateLimits' | 'processingDelayMs' | 'hwmLagMs' | 'faults'> {
  if (o.rateLimits !== 'production' && o.rateLimits !== 'off') {
    throw new GatewayError('GW_SIMULATOR_RATE_LIMITS', 'config', `--rate-limits must be production or off, not ${o.rateLimits}`, { location: '--rate-limits' });
  }
  return {
    port: Number(o.port), rateLimits: o.rateLimits, processingDelayMs: wholeMs(o.processingDelayMs, '--processing-delay-ms'),
    hwmLagMs: wholeMs(o.hwmLagMs, '--hwm-lag-ms'), faults: faultConfigFrom(o),
  };
}

/** Registers the `simulator` command group (docs/simulator.md). */
export function register(program: Command): void {
  const group = program.command('simulator').description('local KSeF 2.0 simulator for tests and demos (loopback only)');

  withFaultOptions(group.command('start')
    .description('start the simulator and print its base URL; SIGTERM or SIGINT stops it and prints {"rateLimitRefusals": {...}, "rateLimitPeakUse": {...}}')
    .option('--port <port>', 'TCP port on 127.0.0.1 (0 = random)', '0')
    .option('--data-dir <dir>', `state directory (default ${defaultDir()})`)
    .option('--rate-limits <profile>', 'production | off', 'production')
    .option('--processing-delay-ms <ms>', 'time until statuses become final', '300')
    .option('--hwm-lag-ms <ms>', 'how far permanentStorageHwmDate lags behind now: invoices stored since come with the next export', '60000'))
    .action(async (o: SimulatorStartOptions) => {
      try {
        const sim = await startSimulator({
          ...simulatorStartOptions(o), dataDir: o.dataDir ?? defaultDir(), schemasDir: locateSchemas(),
          // stdout carries only the base URL (scripts read it); logs go to stderr.
          logger: createLogger({ destination: pino.destination(2) }),
        });
        process.stdout.write(`${sim.baseUrl}\n`);
        const stop = (): void => {
          // The last stdout line: what went over KSeF's limits (a load test's check that clients kept inside them).
          const last = { rateLimitRefusals: sim.rateLimitRefusals(), rateLimitPeakUse: sim.rateLimitPeakUse() };
          void sim.close().then(() => process.stdout.write(`${JSON.stringify(last)}\n`, () => process.exit(0)));
        };
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      } catch (e) {
        reportFatal(e);
      }
    });

  const token = group.command('token').description('KSeF tokens of the simulator');
  token.command('create')
    .description('create a KSeF token in the simulator\'s state and print it once (a running simulator sees it at once)')
    .requiredOption('--nip <nip>', 'context NIP (the subject is created if new)')
    .requiredOption('--permissions <list>', `comma-separated: ${TOKEN_PERMISSIONS.join(',')}`)
    .option('--data-dir <dir>', `state directory (default ${defaultDir()})`)
    .action((o: { nip: string; permissions: string; dataDir?: string }) => {
      try {
        if (!/^\d{10}$/.test(o.nip)) throw new GatewayError('GW_SIMULATOR_NIP', 'config', `--nip must have 10 digits, not ${o.nip}`, { location: '--nip' });
        const created = createTokenOffline(o.dataDir ?? defaultDir(), o.nip, parsePermissions(o.permissions));
        // DECISIONS.md 18: a newly generated token is printed once, here and nowhere else.
        process.stdout.write(`${created.token}\n`);
        process.stderr.write(`reference number: ${created.referenceNumber}\n`);
      } catch (e) {
        reportFatal(e);
      }
    });
}
