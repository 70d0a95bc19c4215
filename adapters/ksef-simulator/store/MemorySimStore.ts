import type { Kind, SimStore } from './SimStore.js';

interface Entry {
  readonly id: string;
  /** Position of the first insert: listings follow it, as SQLite's `ORDER BY seq` does. */
  readonly seq: number;
  ctx: string | undefined;
  k2: string | undefined;
  json: string;
  /** Parsed on first read and shared by later reads, frozen so that no reader can change it for the others. */
  parsed?: unknown;
}

/** Entries of one index key; `sorted` is false once an entry moved in from another key out of insertion order. */
interface Bucket { entries: Map<string, Entry>; maxSeq: number; sorted: boolean }

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * The state of a simulator without a data directory. Plain maps: SQLite `:memory:` cost more per invoice than the
 * invoice's own checks, in row writes, index upkeep and a JSON parse on every read. Documents keep JSON semantics
 * (what is read is what `JSON.stringify` kept); a failed transaction is undone from a log of the old values.
 */
export class MemorySimStore implements SimStore {
  private readonly docs = new Map<Kind, Map<string, Entry>>();
  private readonly byCtxIndex = new Map<string, Bucket>();
  private readonly byK2Index = new Map<string, Bucket>();
  private readonly blobs = new Map<string, Buffer>();
  private seq = 0;
  private undo: (() => void)[] | undefined;

  get<T>(kind: Kind, id: string): T | undefined {
    const e = this.docs.get(kind)?.get(id);
    return e ? this.read<T>(e) : undefined;
  }

  put<T>(kind: Kind, id: string, value: T, keys: { ctx?: string; k2?: string } = {}): T {
    let docs = this.docs.get(kind);
    if (!docs) this.docs.set(kind, (docs = new Map()));
    const json = JSON.stringify(value);
    const e = docs.get(id);
    if (!e) {
      const created: Entry = { id, seq: ++this.seq, ctx: keys.ctx, k2: keys.k2, json };
      docs.set(id, created);
      this.index(this.byCtxIndex, kind, created.ctx, created);
      this.index(this.byK2Index, kind, created.k2, created);
      this.undo?.push(() => {
        docs.delete(id);
        this.unindex(this.byCtxIndex, kind, created.ctx, id);
        this.unindex(this.byK2Index, kind, created.k2, id);
      });
      return value;
    }
    const before = { ctx: e.ctx, k2: e.k2, json: e.json, parsed: e.parsed };
    this.update(kind, e, keys.ctx, keys.k2, json);
    this.undo?.push(() => {
      this.update(kind, e, before.ctx, before.k2, before.json);
      e.parsed = before.parsed;
    });
    return value;
  }

  byCtx<T>(kind: Kind, ctx: string): T[] {
    return this.list<T>(this.byCtxIndex.get(`${kind}\n${ctx}`));
  }

  byK2<T>(kind: Kind, k2: string): T[] {
    return this.list<T>(this.byK2Index.get(`${kind}\n${k2}`));
  }

  all<T>(kind: Kind): T[] {
    return [...(this.docs.get(kind)?.values() ?? [])].map((e) => this.read<T>(e));
  }

  countByK2(kind: Kind, k2: string): number {
    return this.byK2Index.get(`${kind}\n${k2}`)?.entries.size ?? 0;
  }

  getBlob(id: string): Buffer | undefined {
    return this.blobs.get(id);
  }

  putBlob(id: string, data: Buffer): void {
    const before = this.blobs.get(id);
    this.blobs.set(id, data);
    this.undo?.push(() => (before ? this.blobs.set(id, before) : this.blobs.delete(id)));
  }

  transaction<T>(fn: () => T): T {
    if (this.undo) return fn();
    const undo: (() => void)[] = (this.undo = []);
    try {
      return fn();
    } catch (e) {
      for (let i = undo.length - 1; i >= 0; i--) undo[i]();
      throw e;
    } finally {
      this.undo = undefined;
    }
  }

  close(): void {
    this.docs.clear();
    this.byCtxIndex.clear();
    this.byK2Index.clear();
    this.blobs.clear();
  }

  private read<T>(e: Entry): T {
    return (e.parsed ??= deepFreeze(JSON.parse(e.json) as unknown)) as T;
  }

  private update(kind: Kind, e: Entry, ctx: string | undefined, k2: string | undefined, json: string): void {
    if (e.ctx !== ctx) {
      this.unindex(this.byCtxIndex, kind, e.ctx, e.id);
      this.index(this.byCtxIndex, kind, (e.ctx = ctx), e);
    }
    if (e.k2 !== k2) {
      this.unindex(this.byK2Index, kind, e.k2, e.id);
      this.index(this.byK2Index, kind, (e.k2 = k2), e);
    }
    e.json = json;
    e.parsed = undefined;
  }

  private index(index: Map<string, Bucket>, kind: Kind, key: string | undefined, e: Entry): void {
    if (key === undefined) return;
    const k = `${kind}\n${key}`;
    let bucket = index.get(k);
    if (!bucket) index.set(k, (bucket = { entries: new Map(), maxSeq: 0, sorted: true }));
    if (e.seq < bucket.maxSeq) bucket.sorted = false;
    bucket.maxSeq = Math.max(bucket.maxSeq, e.seq);
    bucket.entries.set(e.id, e);
  }

  private unindex(index: Map<string, Bucket>, kind: Kind, key: string | undefined, id: string): void {
    if (key === undefined) return;
    const k = `${kind}\n${key}`;
    const bucket = index.get(k);
    bucket?.entries.delete(id);
    if (bucket?.entries.size === 0) index.delete(k);
  }

  private list<T>(bucket: Bucket | undefined): T[] {
    if (!bucket) return [];
    if (!bucket.sorted) {
      bucket.entries = new Map([...bucket.entries.values()].sort((a, b) => a.seq - b.seq).map((e) => [e.id, e]));
      bucket.sorted = true;
    }
    return [...bucket.entries.values()].map((e) => this.read<T>(e));
  }
}
