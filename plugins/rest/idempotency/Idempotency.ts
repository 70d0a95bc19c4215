import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PluginStorage } from '../../../core/plugin-api/index.js';

/** The answer kept for a key: replayed as it was. */
export interface StoredResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly location?: string;
}

interface IdempotencyRecord {
  readonly fingerprint: string;
  readonly startedAt: number;
  readonly response?: StoredResponse;
}

export type IdempotencyClaim =
  | { readonly kind: 'first'; readonly key: string }
  | { readonly kind: 'replay'; readonly response: StoredResponse }
  | { readonly kind: 'mismatch' }
  | { readonly kind: 'in-progress' };

const COLLECTION = 'idempotency';

export interface IdempotencyOptions {
  readonly ttlMs: number;
  /** How long a second request waits for the first one's answer before it is told to retry (409). */
  readonly waitMs: number;
  /** A first request that has not answered in this long is presumed dead (its process crashed): the key is taken over. */
  readonly staleMs: number;
}

/**
 * Idempotency keys as the IETF httpapi draft and Stripe use them: per API key, the first request's answer is kept
 * (24 h by default) and replayed for the same key with the same request; the same key with another request is
 * refused. Two identical requests at once: the store lets one in, the other waits for its answer.
 */
export class Idempotency {
  constructor(private readonly storage: PluginStorage, private readonly options: IdempotencyOptions, private readonly now: () => number = Date.now) {}

  static fingerprint(method: string, path: string, contentType: string, body: Buffer | string): string {
    return createHash('sha256').update(`${method} ${path}\n${contentType}\n`).update(body).digest('hex');
  }

  async claim(apiKeyId: string, idempotencyKey: string, fingerprint: string): Promise<IdempotencyClaim> {
    const key = `${apiKeyId}:${idempotencyKey}`;
    const deadline = this.now() + this.options.waitMs;
    for (;;) {
      const now = this.now();
      if (await this.storage.insert<IdempotencyRecord>(COLLECTION, key, { fingerprint, startedAt: now }, { expiresAt: now + this.options.ttlMs })) {
        return { kind: 'first', key };
      }
      const rec = await this.storage.get<IdempotencyRecord>(COLLECTION, key);
      if (!rec) continue;
      if (rec.value.fingerprint !== fingerprint) return { kind: 'mismatch' };
      if (rec.value.response) return { kind: 'replay', response: rec.value.response };
      if (now - rec.value.startedAt > this.options.staleMs) {
        const taken = await this.storage.update<IdempotencyRecord>(COLLECTION, key, { fingerprint, startedAt: now }, { expectVersion: rec.version });
        if (taken) return { kind: 'first', key };
        continue;
      }
      if (now >= deadline) return { kind: 'in-progress' };
      await sleep(25);
    }
  }

  /** Keeps the first request's answer for replays. */
  async complete(key: string, fingerprint: string, startedAt: number, response: StoredResponse): Promise<void> {
    await this.storage.update<IdempotencyRecord>(COLLECTION, key, { fingerprint, startedAt, response });
  }

  /** The first request failed before it changed anything (5xx, stopped): the key is free for a retry. */
  async release(key: string): Promise<void> {
    await this.storage.delete(COLLECTION, key);
  }
}
