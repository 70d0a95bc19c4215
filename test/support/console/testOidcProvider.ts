import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

export interface TestUser {
  readonly sub: string;
  readonly preferred_username?: string;
  readonly email?: string;
  readonly groups?: readonly string[];
}

/**
 * A minimal OpenID provider on loopback for the console's sign-in tests: discovery, an authorization endpoint that
 * signs in `user` at once (no login form), a token endpoint that checks the client's secret, the code, the redirect
 * URI and the PKCE verifier, and RS256 ID tokens from its JWKS. `user = undefined` makes it answer access_denied.
 */
export async function startTestOidcProvider(client: { id: string; secret: string }) {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...await exportJWK(publicKey), kid: 'k1', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, { user: TestUser; nonce?: string; challenge: string; redirectUri: string }>();
  const state: { user?: TestUser; tokenRequests: number; wrongNonce: boolean } = { tokenRequests: 0, wrongNonce: false };
  let issuer = '';
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
  };
  const body = async (req: IncomingMessage): Promise<URLSearchParams> => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
  };
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', issuer);
      if (url.pathname === '/.well-known/openid-configuration') {
        return json(res, 200, { issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks`,
          response_types_supported: ['code'], subject_types_supported: ['public'], id_token_signing_alg_values_supported: ['RS256'],
          code_challenge_methods_supported: ['S256'], token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'] });
      }
      if (url.pathname === '/jwks') return json(res, 200, { keys: [jwk] });
      if (url.pathname === '/authorize') {
        const p = url.searchParams;
        const back = new URL(p.get('redirect_uri') ?? '');
        back.searchParams.set('state', p.get('state') ?? '');
        if (p.get('client_id') !== client.id || p.get('code_challenge_method') !== 'S256' || !state.user) {
          back.searchParams.set('error', 'access_denied');
        } else {
          const code = randomBytes(16).toString('hex');
          codes.set(code, { user: state.user, nonce: p.get('nonce') ?? undefined, challenge: p.get('code_challenge') ?? '', redirectUri: p.get('redirect_uri') ?? '' });
          back.searchParams.set('code', code);
        }
        res.writeHead(302, { location: back.href }).end();
        return undefined;
      }
      if (url.pathname === '/token' && req.method === 'POST') {
        state.tokenRequests += 1;
        const form = await body(req);
        // client_secret_basic or client_secret_post, whichever the client uses.
        const basic = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString('utf8');
        const [id, secret] = req.headers.authorization ? basic.split(':').map(decodeURIComponent) : [form.get('client_id'), form.get('client_secret')];
        const grant = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        if (id !== client.id || secret !== client.secret) return json(res, 401, { error: 'invalid_client' });
        const verifier = form.get('code_verifier') ?? '';
        if (!grant || grant.redirectUri !== form.get('redirect_uri')
          || createHash('sha256').update(verifier).digest('base64url') !== grant.challenge) return json(res, 400, { error: 'invalid_grant' });
        const idToken = await new SignJWT({ ...grant.user, nonce: state.wrongNonce ? 'another-nonce' : grant.nonce })
          .setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(issuer).setAudience(client.id).setSubject(grant.user.sub)
          .setIssuedAt().setExpirationTime('5m').sign(privateKey);
        return json(res, 200, { access_token: randomBytes(16).toString('hex'), token_type: 'Bearer', expires_in: 300, id_token: idToken });
      }
      return json(res, 404, { error: 'not_found' });
    })().catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { issuer, state, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}
