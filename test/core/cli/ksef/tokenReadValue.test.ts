import { PassThrough, Readable } from 'node:stream';
import { readTokenValue } from '../../../../core/cli/ksef/readTokenValue.js';
import { GatewayError } from '../../../../core/errors/GatewayError.js';

const TOKEN = '20261125-EC-0000000001-0000000001-01|nip-5265877635|' + 'cd'.repeat(32);
const piped = (text: string): NodeJS.ReadStream => Readable.from([Buffer.from(text)]) as unknown as NodeJS.ReadStream;

/** A stand-in terminal: raw mode is recorded, keys are typed into it. */
function fakeTty(): { stdin: NodeJS.ReadStream; raw: boolean[]; type(s: string): void } {
  const stream = new PassThrough();
  const raw: boolean[] = [];
  Object.assign(stream, { isTTY: true, setRawMode: (on: boolean) => { raw.push(on); return stream; } });
  return { stdin: stream as unknown as NodeJS.ReadStream, raw, type: (s) => stream.write(s) };
}

describe('readTokenValue (token add never takes the value from argv)', () => {
  it('reads the variable named by --from-env', async () => {
    expect((await readTokenValue({ fromEnv: 'MY_T', env: { MY_T: `${TOKEN}\n` } })).revealText()).toBe(TOKEN);
  });

  it('names the variable, not its value, when it is unset or empty', async () => {
    await expect(readTokenValue({ fromEnv: 'MY_T', env: {} })).rejects.toThrow('Environment variable MY_T is not set');
    await expect(readTokenValue({ fromEnv: 'MY_T', env: { MY_T: '  ' } })).rejects.toMatchObject({ code: 'GW_TOKEN_VALUE_EMPTY' });
  });

  it('reads piped stdin, without the trailing newline', async () => {
    expect((await readTokenValue({ stdin: piped(`${TOKEN}\r\n`) })).revealText()).toBe(TOKEN);
  });

  it('refuses empty stdin and more than one token, without echoing the input', async () => {
    await expect(readTokenValue({ stdin: piped('') })).rejects.toMatchObject({ code: 'GW_TOKEN_VALUE_EMPTY', kind: 'config' });
    const err = await readTokenValue({ stdin: piped(`${TOKEN}\n${TOKEN}\n`) }).catch((e: unknown) => e);
    expect(GatewayError.is(err, 'GW_TOKEN_VALUE_FORMAT')).toBe(true);
    expect((err as Error).message).not.toContain('cd'.repeat(32));
  });

  it('prompts on a TTY in raw mode and echoes nothing of what is typed (backspace works)', async () => {
    const tty = fakeTty();
    const prompt = new PassThrough();
    const shown: string[] = [];
    prompt.on('data', (c: Buffer) => shown.push(c.toString()));
    const value = readTokenValue({ stdin: tty.stdin, promptTo: prompt });
    tty.type(`${TOKEN}x`);
    tty.type('\u007f\r');
    expect((await value).revealText()).toBe(TOKEN);
    expect(tty.raw).toEqual([true, false]);
    expect(shown.join('')).toBe('KSeF token (input hidden): \n');
  });

  it('stops on Ctrl-C at the prompt', async () => {
    const tty = fakeTty();
    const value = readTokenValue({ stdin: tty.stdin, promptTo: new PassThrough() });
    tty.type('abc\u0003');
    await expect(value).rejects.toMatchObject({ code: 'GW_TOKEN_VALUE_ABORTED' });
    expect(tty.raw).toEqual([true, false]);
  });
});
