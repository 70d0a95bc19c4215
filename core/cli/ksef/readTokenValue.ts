import { GatewayError } from '../../errors/GatewayError.js';
import type { SecretValue } from '../../vault/SecretValue.js';
import { tokenValueFrom } from '../../credentials/tokenValue.js';

/** Where `token add` reads the value from: never argv, which `ps` shows to every user of the machine. */
export interface TokenValueSource {
  /** The name of an environment variable holding the token (`--from-env VAR`). */
  readonly fromEnv?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly stdin?: NodeJS.ReadStream;
  /** Where a TTY prompt is written (stderr, so that stdout stays the command's output). */
  readonly promptTo?: NodeJS.WritableStream;
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** A prompt that echoes nothing: raw mode, characters collected until Enter; Ctrl-C aborts. */
export function hiddenPrompt(stdin: NodeJS.ReadStream, out: NodeJS.WritableStream, label = 'KSeF token'): Promise<string> {
  out.write(`${label} (input hidden): `);
  return new Promise((resolve, reject) => {
    let text = '';
    const done = (err?: Error): void => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      out.write('\n');
      if (err) reject(err);
      else resolve(text);
    };
    const onData = (chunk: Buffer): void => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new GatewayError('GW_TOKEN_VALUE_ABORTED', 'config', 'Aborted'));
        text = ch === '\u007f' || ch === '\b' ? text.slice(0, -1) : text + ch;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

/** The token to store: from `--from-env VAR`, else piped stdin, else a hidden prompt on a TTY. */
export async function readTokenValue(s: TokenValueSource = {}): Promise<SecretValue> {
  const env = s.env ?? process.env;
  if (s.fromEnv !== undefined) {
    const value = env[s.fromEnv];
    if (value === undefined) throw new GatewayError('GW_TOKEN_VALUE_ENV', 'config', `Environment variable ${s.fromEnv} is not set`, { location: '--from-env' });
    return tokenValueFrom(value, `environment variable ${s.fromEnv}`);
  }
  const stdin = s.stdin ?? process.stdin;
  if (stdin.isTTY) return tokenValueFrom(await hiddenPrompt(stdin, s.promptTo ?? process.stderr), 'the prompt');
  return tokenValueFrom(await readAll(stdin), 'stdin');
}
