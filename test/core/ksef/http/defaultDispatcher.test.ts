import { createServer, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { defaultDispatcher } from '../../../../core/ksef/http/defaultDispatcher.js';
import { HttpTransport } from '../../../../core/ksef/http/HttpTransport.js';
import { RateLimiter } from '../../../../core/ksef/rateLimit/RateLimiter.js';
import { InMemoryRateLimitStore } from '../../../../core/ksef/rateLimit/InMemoryRateLimitStore.js';
import { capturingLogger, localServer, sendJson } from '../support/localServer.js';

/** A forward proxy on loopback: CONNECT tunnels and absolute-form requests both end at `target`, whatever host was asked for. */
async function fakeProxy(targetPort: number) {
  const asked: string[] = [];
  const proxy = createServer((req, res) => {
    asked.push(`${req.method} ${req.url}`);
    const url = new URL(req.url!);
    const upstream = httpRequest({ host: '127.0.0.1', port: targetPort, method: req.method, path: url.pathname + url.search, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode!, r.headers);
      r.pipe(res);
    });
    req.pipe(upstream);
  });
  proxy.on('connect', (req, socket, head) => {
    asked.push(`CONNECT ${req.url}`);
    const upstream = connect(targetPort, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return { asked, port: (proxy.address() as AddressInfo).port, close: () => new Promise<void>((r) => { proxy.closeAllConnections(); proxy.close(() => r()); }) };
}

describe('defaultDispatcher', () => {
  const saved = { ...process.env };
  afterEach(() => { process.env = { ...saved }; });

  it('goes through HTTP_PROXY, so a KSeF host behind a corporate proxy is reachable', async () => {
    const target = await localServer((_req, res) => sendJson(res, 200, { via: 'proxy' }));
    const proxy = await fakeProxy(Number(new URL(target.url).port));
    process.env.HTTP_PROXY = `http://127.0.0.1:${proxy.port}`;
    process.env.http_proxy = process.env.HTTP_PROXY;
    delete process.env.NO_PROXY;
    delete process.env.no_proxy;
    const dispatcher = defaultDispatcher();
    const http = new HttpTransport({
      baseUrl: 'http://ksef.invalid/v2', dispatcher, limiter: new RateLimiter(new InMemoryRateLimitStore(), 's', false),
      logger: capturingLogger().logger, now: Date.now, timeoutMs: 5000, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    });
    try {
      await expect(http.json({ method: 'GET', path: '/rate-limits' })).resolves.toEqual({ via: 'proxy' });
      expect(proxy.asked.join(' ')).toContain('ksef.invalid');
      expect(target.seen[0].url).toBe('/v2/rate-limits');
    } finally {
      await dispatcher.close();
      await proxy.close();
      await target.close();
    }
  });
});
