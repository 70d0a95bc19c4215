import { isatty } from 'node:tty';
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';
import { humanLogLine } from './humanLogLine.js';
import { ALWAYS_SECRET_KEYS, redactPathsFor } from './redactPaths.js';
import { scrubSecrets } from './scrubSecrets.js';

export const REDACTED = '[redacted]';

/** Pino cannot tell us a logger's redact list, and a child given its own list replaces the parent's: we keep it. */
const redactLists = new WeakMap<Logger, readonly string[]>();
/** The secret key names the root's deep scrubber hides; shared by all its children, grown by `childLogger`. */
const secretKeySets = new WeakMap<Logger, Set<string>>();

function leafKeys(paths: readonly string[]): string[] {
  return paths.map((p) => p.split('.').pop()!.replace(/\[\*\]/g, '')).filter((k) => k !== '' && k !== '*');
}

export interface CreateLoggerOptions {
  level?: LoggerOptions['level'];
  /** Secret schema paths (`secretPaths(schema)`); turned into redact paths with the always-secret keys. */
  secretPaths?: readonly string[];
  /** Where log lines go (default stdout); tests pass a stream to capture them. */
  destination?: DestinationStream;
  /**
   * `json`: one JSON object per line (files, collectors). `pretty`: a short human line per event (a terminal).
   * `auto` (default): pretty when the destination is a terminal.
   */
  format?: LogFormat;
}

export type LogFormat = 'auto' | 'json' | 'pretty';

/** Whether log lines sent to `destination` (default stdout) reach a terminal. */
export function isTerminal(destination?: DestinationStream): boolean {
  if (destination === undefined) return process.stdout.isTTY === true;
  const d = destination as { isTTY?: boolean; fd?: unknown };
  if (d.isTTY === true) return true;
  return typeof d.fd === 'number' && isatty(d.fd);
}

/**
 * The root logger: pino JSON lines (or human lines, see `format`), secrets redacted, ISO times. The human form is
 * made from the redacted JSON, so it can print nothing the JSON would not.
 */
export function createLogger(opts: CreateLoggerOptions = {}): Logger {
  const paths = redactPathsFor(opts.secretPaths ?? []);
  const keys = new Set<string>([...ALWAYS_SECRET_KEYS, ...leafKeys(opts.secretPaths ?? [])]);
  const logger = pino({
    level: opts.level ?? 'info',
    base: { name: 'ksef-gateway' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths, censor: REDACTED },
    formatters: { log: (obj) => scrubSecrets(obj, keys, REDACTED) as Record<string, unknown> },
  }, destinationFor(opts));
  redactLists.set(logger, paths);
  secretKeySets.set(logger, keys);
  return logger;
}

/** The redact paths a logger made here applies (empty for foreign loggers). */
export function redactListOf(logger: Logger): readonly string[] {
  return redactLists.get(logger) ?? [];
}

/**
 * A child logger; when it has secrets of its own (a plugin's options), its redact list is the parent's list plus
 * those, because pino would otherwise drop the parent's.
 *
 * @example childLogger(root, { plugin: 'folder-inbox', instance: 'inbox' }, secretPaths(plugin.configSchema))
 */
export function childLogger(parent: Logger, bindings: Record<string, unknown>, extraSecretPaths: readonly string[] = []): Logger {
  const inherited = redactListOf(parent);
  const keys = secretKeySets.get(parent);
  for (const key of leafKeys(extraSecretPaths)) keys?.add(key);
  if (extraSecretPaths.length === 0) {
    const child = parent.child(bindings);
    redactLists.set(child, inherited);
    if (keys) secretKeySets.set(child, keys);
    return child;
  }
  const merged = [...new Set([...inherited, ...redactPathsFor(extraSecretPaths, [])])];
  const child = parent.child(bindings, { redact: { paths: merged, censor: REDACTED } });
  redactLists.set(child, merged);
  if (keys) secretKeySets.set(child, keys);
  return child;
}

function destinationFor(opts: CreateLoggerOptions): DestinationStream {
  const destination = opts.destination ?? pino.destination(1);
  const format = opts.format ?? 'auto';
  if (format === 'json' || (format === 'auto' && !isTerminal(opts.destination))) return destination;
  return pretty({
    destination, sync: true, colorize: isTerminal(opts.destination), singleLine: true, hideObject: true,
    translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,name', messageFormat: (log, key) => humanLogLine(log, key),
  });
}
