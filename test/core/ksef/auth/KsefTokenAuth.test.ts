import { constants, generateKeyPairSync, privateDecrypt } from 'node:crypto';
import { inspect } from 'node:util';
import { KsefTokenAuth } from '../../../../core/ksef/auth/KsefTokenAuth.js';
import type { AuthContext } from '../../../../core/ksef/auth/AuthMethod.js';
import type { KsefRequest } from '../../../../core/ksef/http/KsefHttp.js';

const TOKEN = '20251010-EC-1DCE3E3000-12ECB5B36E-45|nip-5265877635|919f7044aaaabbbbccccddddeeeeffff00001111222233334444555566667777';

function context(sent: KsefRequest[]): { ctx: AuthContext; privateKey: import('node:crypto').KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ctx: AuthContext = {
    challenge: { challenge: '20250625-CR-20F5EE4000-DA48AE4124-46', timestamp: '2025-06-25T10:00:00.123+00:00', timestampMs: 1750845600123 },
    contextIdentifier: { type: 'Nip', value: '5265877635' },
    publicKeys: {
      get: async (usage) => ({ usage, key: publicKey, publicKeyId: 'QIoAK/Yc3s27Z4t3SZY4Mhp8JNLH7Vl4N3lNlJAEig8=', validTo: '2030-01-01T00:00:00Z' }),
      invalidate: () => undefined,
    },
    http: {
      send: async () => { throw new Error('unused'); },
      json: async <T>(req: KsefRequest) => {
        sent.push(req);
        return { referenceNumber: '20250514-AU-2DFC46C000-3AC6D5877F-D4', authenticationToken: { token: 'op', validUntil: 'x' } } as T;
      },
    },
  };
  return { ctx, privateKey };
}

describe('KsefTokenAuth', () => {
  it('sends RSA-OAEP-SHA256 of "token|timestampMs" with the challenge, context and key id', async () => {
    const sent: KsefRequest[] = [];
    const { ctx, privateKey } = context(sent);
    const result = await new KsefTokenAuth(TOKEN).start(ctx);
    expect(result.referenceNumber).toBe('20250514-AU-2DFC46C000-3AC6D5877F-D4');
    expect(sent[0].path).toBe('/auth/ksef-token');
    const body = sent[0].json as Record<string, unknown>;
    expect(body.challenge).toBe('20250625-CR-20F5EE4000-DA48AE4124-46');
    expect(body.contextIdentifier).toEqual({ type: 'Nip', value: '5265877635' });
    expect(body.publicKeyId).toBe('QIoAK/Yc3s27Z4t3SZY4Mhp8JNLH7Vl4N3lNlJAEig8=');
    const plain = privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(body.encryptedToken as string, 'base64'));
    expect(plain.toString('utf8')).toBe(`${TOKEN}|1750845600123`);
  });

  it('never shows the token in JSON, inspect, string form or own keys', () => {
    const auth = new KsefTokenAuth(TOKEN);
    const secretPart = TOKEN.split('|')[2];
    for (const shown of [JSON.stringify(auth), inspect(auth, { showHidden: true, depth: 5 }), String(auth), `${Object.keys(auth)}`, JSON.stringify({ auth })]) {
      expect(shown).not.toContain(secretPart);
    }
  });

  it('refuses an empty token with a config error', () => {
    expect(() => new KsefTokenAuth('  ')).toThrow(expect.objectContaining({ code: 'GW_KSEF_TOKEN_MISSING', kind: 'config' }));
  });
});
