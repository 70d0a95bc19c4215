import { EnvHttpProxyAgent, type Dispatcher } from 'undici';

/**
 * Keep-alive pool that honours HTTPS_PROXY / HTTP_PROXY / NO_PROXY (DECISIONS.md 17), read when created.
 * NODE_EXTRA_CA_CERTS needs nothing here: Node adds those CAs to the default store undici's TLS uses.
 */
export function defaultDispatcher(): Dispatcher {
  return new EnvHttpProxyAgent({ keepAliveTimeout: 30_000, connections: 16 });
}
