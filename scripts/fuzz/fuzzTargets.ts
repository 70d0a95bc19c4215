import { connect } from 'node:net';
import { GatewayError } from '../../core/errors/GatewayError.js';
import { readFa3 } from '../../core/fa3/Fa3Reader.js';
import type { Fa3XsdValidator } from '../../core/fa3/validation/Fa3XsdValidator.js';
import { validateFa3 } from '../../core/fa3/validation/validateFa3.js';

/** How a target answered one input: accepted, refused with a typed and located answer, or failed (a crash). */
export type Verdict = { kind: 'valid' } | { kind: 'typed'; code: string } | { kind: 'crash'; detail: string };

const NOW = new Date('2026-11-25T12:00:00Z');

/** validateFa3 must never throw, and every issue must carry a code, a message and a layer. */
export function fuzzValidator(bytes: Buffer, xsd: Fa3XsdValidator | undefined): Verdict {
  try {
    const r = validateFa3(bytes, { xsd, now: NOW, documentName: 'fuzz.xml' });
    if (r.valid) return { kind: 'valid' };
    const bad = r.issues.find((i) => !i.code || !i.message || !i.layer);
    if (bad) return { kind: 'crash', detail: `issue without code or message: ${JSON.stringify(bad).slice(0, 200)}` };
    if (r.issues.length > 101) return { kind: 'crash', detail: `${r.issues.length} issues` };
    return { kind: 'typed', code: r.issues.find((i) => i.severity === 'error')!.code };
  } catch (e) {
    return { kind: 'crash', detail: `validateFa3 threw ${(e as Error).stack?.slice(0, 300)}` };
  }
}

/** readFa3 either reads the document or throws a GatewayError with a GW_FA3_* code. */
export function fuzzReader(bytes: Buffer): Verdict {
  try {
    readFa3(bytes, 'fuzz.xml');
    return { kind: 'valid' };
  } catch (e) {
    if (GatewayError.is(e) && e.code.startsWith('GW_FA3_')) return { kind: 'typed', code: e.code };
    return { kind: 'crash', detail: `readFa3 threw ${(e as Error).stack?.slice(0, 300)}` };
  }
}

/**
 * Sends raw request bytes and reads the status line. A 4xx is a typed answer, 2xx/3xx an accepted one; a 5xx, no
 * answer or a refused connection afterwards is a crash.
 */
export function fuzzHttp(port: number, raw: Buffer, timeoutMs = 5_000): Promise<Verdict> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let done = false;
    const finish = (v: Verdict): void => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve(v);
    };
    const verdict = (): Verdict => {
      // `100 Continue` (Expect: 100-continue) is interim: the final status follows it.
      const status = [...answer.matchAll(/HTTP\/1\.[01] (\d{3})/g)].map((m) => Number(m[1])).find((c) => c >= 200) ?? 0;
      if (status >= 400 && status < 500) return { kind: 'typed', code: String(status) };
      if (status >= 200 && status < 400) return { kind: 'valid' };
      return { kind: 'crash', detail: status ? `answered ${status}` : 'no answer' };
    };
    socket.setTimeout(timeoutMs, () => finish({ kind: 'crash', detail: 'no answer in time' }));
    socket.on('data', (d) => {
      answer += d.toString('latin1');
      if (/HTTP\/1\.[01] [2-5]\d\d/.test(answer)) finish(verdict());
    });
    socket.on('error', (e) => finish(answer ? verdict() : { kind: 'crash', detail: `socket ${(e as NodeJS.ErrnoException).code}` }));
    socket.on('close', () => finish(verdict()));
    // The input is the whole request: the write side ends with it, as a client that sent everything it had. Left
    // open, a body the headers promise but the input lacks (chunked with no chunk) makes any server wait for it.
    socket.end(raw);
  });
}
