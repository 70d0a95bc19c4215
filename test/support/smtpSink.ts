import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Mail {
  readonly from: string;
  readonly to: readonly string[];
  /** The whole message as received (headers and body), quoted-printable soft breaks and escapes decoded. */
  readonly raw: string;
  readonly user?: string;
  readonly secure: boolean;
}

/**
 * A real SMTP server on loopback (smtp-server): STARTTLS with the library's own test certificate (or `tls`'s), AUTH PLAIN/LOGIN
 * checked against `user`/`password`, every message kept. `refuse` makes it answer 451 to every message.
 */
export async function startSmtpSink(opts: { user: string; password: string; noStartTls?: boolean; tls?: { key: string; cert: string } }) {
  const mails: Mail[] = [];
  const state = { refuse: false };
  const server = new SMTPServer({
    authMethods: ['PLAIN', 'LOGIN'], logger: false, banner: 'test sink',
    ...(opts.noStartTls ? { disabledCommands: ['STARTTLS'] } : {}),
    ...(opts.tls ? { key: opts.tls.key, cert: opts.tls.cert } : {}),
    onAuth(auth, _session, cb) {
      if (auth.username === opts.user && auth.password === opts.password) cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (state.refuse) {
          cb(Object.assign(new Error('mailbox busy, try later'), { responseCode: 451 }));
          return;
        }
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address),
          raw: decodeQuotedPrintable(Buffer.concat(chunks).toString('utf8')), user: session.user as string | undefined, secure: session.secure });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, state, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** Mail bodies come quoted-printable (`=` at line ends, `=C5=82`): tests read the text as written. */
function decodeQuotedPrintable(raw: string): string {
  const unfolded = raw.replace(/=\r?\n/g, '');
  return Buffer.from(unfolded.replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
}
