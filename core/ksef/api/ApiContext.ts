import type { Logger } from 'pino';
import type { KsefHttp } from '../http/KsefHttp.js';
import type { PublicKeyProvider } from '../crypto/PublicKeyProvider.js';
import type { SymmetricKey } from '../crypto/aesCbc.js';
import { rsaOaepEncrypt } from '../crypto/rsaOaepEncrypt.js';

/** What the API modules share: transport, an authenticated call wrapper, MF keys. */
export interface ApiContext {
  readonly http: KsefHttp;
  /** Runs `call` with a valid access token; after a 401 it authenticates again and runs it once more. */
  authed<T>(call: (accessToken: string) => Promise<T>, signal?: AbortSignal): Promise<T>;
  readonly publicKeys: PublicKeyProvider;
  readonly logger: Logger;
}

/** `encryption` of a session open (PROTOCOL.md §3.2): the AES key wrapped with the SymmetricKeyEncryption key. */
export async function encryptionInfo(ctx: ApiContext, key: SymmetricKey, signal?: AbortSignal) {
  const pub = await ctx.publicKeys.get('SymmetricKeyEncryption', signal);
  return {
    encryptedSymmetricKey: rsaOaepEncrypt(pub.key, key.key).toString('base64'),
    initializationVector: key.iv.toString('base64'),
    publicKeyId: pub.publicKeyId,
  };
}
