/* eslint-disable @typescript-eslint/no-explicit-any -- answers are untyped JSON, checked against openapi.json instead */
import { X509Certificate, constants, createCipheriv, createHash, publicEncrypt, randomBytes, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertResponseConforms } from '../../../support/openapiConformance.js';
import { FA3_SAMPLES_DIR } from '../../../support/sharedDir.js';

export interface Answer<T = any> { status: number; headers: Headers; body: T; text: string }

export const sha256b64 = (b: Buffer | string): string => createHash('sha256').update(b).digest('base64');

export function aesEncrypt(key: Buffer, iv: Buffer, plain: Buffer): Buffer {
  const c = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([c.update(plain), c.final()]);
}

/** FA(3) sample 1 with its own P_2 (the MF samples share duplicate keys, DECISIONS.md 7). */
export function sampleInvoice(p2: string, mutate: (xml: string) => string = (x) => x): Buffer {
  const xml = readFileSync(join(FA3_SAMPLES_DIR, 'FA_3_Przyklad_1.xml'), 'utf8').replace(/<P_2>[^<]*<\/P_2>/, `<P_2>${p2}</P_2>`);
  return Buffer.from(mutate(xml), 'utf8');
}
export const SAMPLE_SELLER_NIP = '9999999999';

export interface OnlineSession { ref: string; key: Buffer; iv: Buffer }

/**
 * The tests' own small KSeF client over fetch (not core/ksef): it checks every /v2 answer against openapi.json.
 */
export class SimTestClient {
  problemDetails = true;
  private keys?: { token: { key: KeyObject; id: string }; symmetric: { key: KeyObject; id: string } };

  constructor(readonly baseUrl: string) {}

  async call<T = any>(method: string, path: string, o: { json?: unknown; token?: string; headers?: Record<string, string>; raw?: Buffer; conform?: boolean } = {}): Promise<Answer<T>> {
    const url = path.startsWith('http') ? path : `${this.baseUrl}${path}`;
    const headers: Record<string, string> = { ...o.headers };
    if (this.problemDetails) headers['X-Error-Format'] = 'problem-details';
    if (o.token) headers.Authorization = `Bearer ${o.token}`;
    if (o.json !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(url, { method, headers, body: o.json !== undefined ? JSON.stringify(o.json) : o.raw && new Uint8Array(o.raw) });
    const text = await res.text();
    const ct = res.headers.get('content-type') ?? undefined;
    const body = ct?.includes('json') ? JSON.parse(text) : text;
    if (o.conform !== false && url.includes('/v2/')) {
      assertResponseConforms(method, new URL(url).pathname, res.status, text === '' ? undefined : body, ct);
    }
    return { status: res.status, headers: res.headers, body: body as T, text };
  }

  async publicKeys(): Promise<NonNullable<SimTestClient['keys']>> {
    if (this.keys) return this.keys;
    const r = await this.call<{ certificate: string; publicKeyId: string; usage: string[] }[]>('GET', '/security/public-key-certificates');
    const pick = (usage: string): { key: KeyObject; id: string } => {
      const c = r.body.find((x) => x.usage.includes(usage))!;
      return { key: new X509Certificate(Buffer.from(c.certificate, 'base64')).publicKey, id: c.publicKeyId };
    };
    this.keys = { token: pick('KsefTokenEncryption'), symmetric: pick('SymmetricKeyEncryption') };
    return this.keys;
  }

  async rsa(usage: 'token' | 'symmetric', plain: Buffer): Promise<string> {
    const k = (await this.publicKeys())[usage];
    return publicEncrypt({ key: k.key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, plain).toString('base64');
  }

  /** Challenge + /auth/ksef-token; returns the operation's reference and authentication token. */
  async startTokenAuth(nip: string, ksefToken: string, tweak: { timestampMs?: number; challenge?: string; authorizationPolicy?: unknown } = {}): Promise<{ ref: string; authToken: string }> {
    const ch = await this.call('POST', '/auth/challenge');
    const encryptedToken = await this.rsa('token', Buffer.from(`${ksefToken}|${tweak.timestampMs ?? ch.body.timestampMs}`));
    const r = await this.call('POST', '/auth/ksef-token', {
      json: { challenge: tweak.challenge ?? ch.body.challenge, contextIdentifier: { type: 'Nip', value: nip }, encryptedToken, publicKeyId: (await this.publicKeys()).token.id, authorizationPolicy: tweak.authorizationPolicy },
    });
    if (r.status !== 202) throw new Error(`ksef-token: ${r.status} ${r.text}`);
    return { ref: r.body.referenceNumber, authToken: r.body.authenticationToken.token };
  }

  async authStatus(ref: string, authToken: string): Promise<number> {
    return (await this.call('GET', `/auth/${ref}`, { token: authToken })).body.status.code;
  }

  async redeem(authToken: string): Promise<{ access: string; refresh: string }> {
    const r = await this.call('POST', '/auth/token/redeem', { token: authToken });
    if (r.status !== 200) throw new Error(`redeem: ${r.status} ${r.text}`);
    return { access: r.body.accessToken.token, refresh: r.body.refreshToken.token };
  }

  async openOnline(access: string): Promise<OnlineSession> {
    const key = randomBytes(32);
    const iv = randomBytes(16);
    const r = await this.call('POST', '/sessions/online', {
      token: access,
      json: { formCode: { systemCode: 'FA (3)', schemaVersion: '1-0E', value: 'FA' },
        encryption: { encryptedSymmetricKey: await this.rsa('symmetric', key), initializationVector: iv.toString('base64'), publicKeyId: (await this.publicKeys()).symmetric.id } },
    });
    if (r.status !== 201) throw new Error(`open: ${r.status} ${r.text}`);
    return { ref: r.body.referenceNumber, key, iv };
  }

  sendBody(s: OnlineSession, xml: Buffer, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const enc = aesEncrypt(s.key, s.iv, xml);
    return {
      invoiceHash: sha256b64(xml), invoiceSize: xml.length, encryptedInvoiceHash: sha256b64(enc), encryptedInvoiceSize: enc.length,
      encryptedInvoiceContent: enc.toString('base64'), offlineMode: false, ...extra,
    };
  }

  async send(access: string, s: OnlineSession, xml: Buffer): Promise<Answer> {
    return this.call('POST', `/sessions/online/${s.ref}/invoices`, { token: access, json: this.sendBody(s, xml) });
  }

  async invoiceStatus(access: string, s: { ref: string }, invRef: string): Promise<Answer> {
    return this.call('GET', `/sessions/${s.ref}/invoices/${invRef}`, { token: access });
  }
}
