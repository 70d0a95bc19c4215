import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request SAP's ICF received. */
export interface SapReceived {
  readonly path: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/**
 * An SAP system on loopback as far as the gateway can see it: it sends IDoc-XML to the gateway the way the XML-HTTP
 * port does (retrying what was not answered with 2xx, as SM58/BD87 would), and it takes status IDocs and UPOs at
 * /sap/bc/idoc_xml, answering with scripted failures first.
 */
export class FakeSapSystem {
  readonly received: SapReceived[] = [];
  /** Answers for the next requests to SAP's ICF, used in order; 200 once empty. */
  readonly script: number[] = [];
  private server: Server | undefined;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const code = this.script.shift() ?? 200;
        if (code === 200) this.received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(code, { 'content-type': 'text/plain' }).end(code === 200 ? 'IDoc 0000000000999001 created' : 'Internal Server Error');
      });
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** POSTs IDoc-XML as SAP's XML-HTTP port does; resends after anything but 2xx, at most `attempts` times. */
  async sendIdoc(url: string, xml: string | Uint8Array, auth: { user: string; password: string }, attempts = 5): Promise<{ status: number; text: string; attempts: number }[]> {
    const answers: { status: number; text: string; attempts: number }[] = [];
    for (let i = 1; i <= attempts; i++) {
      const response = await fetch(url, {
        method: 'POST', body: typeof xml === 'string' ? xml : new Blob([new Uint8Array(xml)]),
        headers: { 'content-type': 'application/x-sap.idoc', authorization: `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}` },
      });
      answers.push({ status: response.status, text: await response.text(), attempts: i });
      if (response.ok || (response.status >= 400 && response.status < 500)) break;
      await new Promise((r) => setTimeout(r, 20 * i));
    }
    return answers;
  }

  /** Waits until SAP has received `count` requests (bounded). */
  async waitFor(count: number, timeoutMs = 20_000): Promise<SapReceived[]> {
    const end = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > end) throw new Error(`SAP received ${this.received.length} of ${count} requests`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.received;
  }
}
