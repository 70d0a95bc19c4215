import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PluginStorage } from '../../../core/plugin-api/index.js';

/** `read` lists and fetches; `write` also submits invoices and manages webhooks. */
export type ApiKeyScope = 'read' | 'write';

/** What the store keeps of a key: never the key itself, only its SHA-256. */
export interface ApiKeyRecord {
  readonly id: string;
  readonly name: string;
  /** The contexts (seller NIPs) the key may act for. */
  readonly contexts: readonly string[];
  readonly scope: ApiKeyScope;
  readonly hash: string;
  readonly createdAt: string;
  readonly revokedAt?: string;
}

export type ApiKeyInfo = Omit<ApiKeyRecord, 'hash'>;

const COLLECTION = 'api-keys';
/** `kgw_<id>_<secret>`: the id finds the record, the secret (256 bits) is compared by hash in constant time. */
const KEY_FORMAT = /^kgw_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * API keys of one REST instance in the gateway's store. A key is shown once, at creation; the store holds its hash,
 * so a copy of the database does not let anyone call the API.
 */
export class ApiKeys {
  constructor(private readonly storage: PluginStorage, private readonly now: () => Date = () => new Date()) {}

  async create(input: { name: string; contexts: readonly string[]; scope: ApiKeyScope }): Promise<{ key: string; info: ApiKeyInfo }> {
    const id = randomBytes(8).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const record: ApiKeyRecord = {
      id, name: input.name, contexts: [...new Set(input.contexts)].sort(), scope: input.scope, hash: sha256(secret), createdAt: this.now().toISOString(),
    };
    await this.storage.insert(COLLECTION, id, record);
    return { key: `kgw_${id}_${secret}`, info: infoOf(record) };
  }

  async list(): Promise<ApiKeyInfo[]> {
    const out: ApiKeyInfo[] = [];
    for (let page = await this.storage.list<ApiKeyRecord>(COLLECTION); page.length > 0;
      page = await this.storage.list<ApiKeyRecord>(COLLECTION, { after: page.at(-1)!.key })) {
      out.push(...page.map((r) => infoOf(r.value)));
    }
    return out;
  }

  /** false when no such key exists; revoking twice keeps the first revocation time. */
  async revoke(id: string): Promise<boolean> {
    const rec = await this.storage.get<ApiKeyRecord>(COLLECTION, id);
    if (!rec) return false;
    if (!rec.value.revokedAt) await this.storage.update(COLLECTION, id, { ...rec.value, revokedAt: this.now().toISOString() });
    return true;
  }

  /** A key that exists and is not revoked, by id. */
  async live(id: string): Promise<ApiKeyInfo | undefined> {
    const rec = await this.storage.get<ApiKeyRecord>(COLLECTION, id);
    return rec && !rec.value.revokedAt ? infoOf(rec.value) : undefined;
  }

  /** The key's record when `presented` is a live key of this instance; undefined otherwise (never says why). */
  async verify(presented: string): Promise<ApiKeyInfo | undefined> {
    const m = KEY_FORMAT.exec(presented);
    if (!m) return undefined;
    const rec = await this.storage.get<ApiKeyRecord>(COLLECTION, m[1]);
    if (!rec || rec.value.revokedAt) return undefined;
    const equal = timingSafeEqual(Buffer.from(rec.value.hash, 'hex'), Buffer.from(sha256(m[2]), 'hex'));
    return equal ? infoOf(rec.value) : undefined;
  }
}

function infoOf(r: ApiKeyRecord): ApiKeyInfo {
  const { hash: _hash, ...info } = r;
  return info;
}
