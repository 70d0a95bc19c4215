import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemorySimStore } from '../../../../adapters/ksef-simulator/store/MemorySimStore.js';
import type { SimStore } from '../../../../adapters/ksef-simulator/store/SimStore.js';
import { SqliteSimStore } from '../../../../adapters/ksef-simulator/store/SqliteSimStore.js';

interface Doc { n: number; tag?: string }

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe.each([
  ['in memory', (): SimStore => new MemorySimStore()],
  ['in SQLite', (): SimStore => {
    const dir = mkdtempSync(join(tmpdir(), 'simstore-'));
    dirs.push(dir);
    return new SqliteSimStore(dir);
  }],
])('SimStore %s', (_name, open) => {
  let store: SimStore;
  beforeEach(() => { store = open(); });
  afterEach(() => store.close());

  it('gives back a JSON copy of what was put', () => {
    const value = { n: 1, tag: undefined, when: new Date('2026-01-01T00:00:00Z') };
    store.put('invoice', 'a', value);
    expect(store.get('invoice', 'a')).toEqual({ n: 1, when: '2026-01-01T00:00:00.000Z' });
    expect(store.get('invoice', 'missing')).toBeUndefined();
    expect(store.get('session', 'a')).toBeUndefined();
  });

  it('lists by ctx and k2 in first-insertion order, an update keeping its place and moving between keys', () => {
    store.put<Doc>('invoice', 'a', { n: 1 }, { ctx: 's1', k2: 'x' });
    store.put<Doc>('invoice', 'b', { n: 2 }, { ctx: 's1', k2: 'x' });
    store.put<Doc>('invoice', 'c', { n: 3 }, { ctx: 's2' });
    store.put<Doc>('invoice', 'a', { n: 10 }, { ctx: 's1', k2: 'x' });
    expect(store.byCtx<Doc>('invoice', 's1').map((d) => d.n)).toEqual([10, 2]);
    store.put<Doc>('invoice', 'a', { n: 11 }, { ctx: 's2', k2: 'y' });
    expect(store.byCtx<Doc>('invoice', 's2').map((d) => d.n)).toEqual([11, 3]);
    expect(store.byCtx<Doc>('invoice', 's1').map((d) => d.n)).toEqual([2]);
    expect(store.byK2<Doc>('invoice', 'x').map((d) => d.n)).toEqual([2]);
    expect(store.countByK2('invoice', 'y')).toBe(1);
    expect(store.countByK2('session', 'y')).toBe(0);
    expect(store.all<Doc>('invoice').map((d) => d.n)).toEqual([11, 2, 3]);
  });

  it('drops every write of a transaction that throws, and keeps those of one that returns', () => {
    store.put<Doc>('invoice', 'a', { n: 1 }, { ctx: 's' });
    store.putBlob('b1', Buffer.from('one'));
    expect(() => store.transaction(() => {
      store.put<Doc>('invoice', 'a', { n: 2 }, { ctx: 't', k2: 'k' });
      store.put<Doc>('invoice', 'new', { n: 3 }, { ctx: 's' });
      store.putBlob('b1', Buffer.from('two'));
      store.putBlob('b2', Buffer.from('three'));
      store.transaction(() => store.put<Doc>('dupkey', 'd', { n: 4 }));
      throw new Error('boom');
    })).toThrow('boom');
    expect(store.get<Doc>('invoice', 'a')).toEqual({ n: 1 });
    expect(store.get('invoice', 'new')).toBeUndefined();
    expect(store.get('dupkey', 'd')).toBeUndefined();
    expect(store.byCtx<Doc>('invoice', 's').map((d) => d.n)).toEqual([1]);
    expect(store.byCtx('invoice', 't')).toEqual([]);
    expect(store.countByK2('invoice', 'k')).toBe(0);
    expect(store.getBlob('b1')?.toString()).toBe('one');
    expect(store.getBlob('b2')).toBeUndefined();
    expect(store.transaction(() => store.put<Doc>('invoice', 'a', { n: 5 }, { ctx: 's' }))).toEqual({ n: 5 });
    expect(store.get<Doc>('invoice', 'a')).toEqual({ n: 5 });
  });

  it('hands out documents no reader can change for the others', () => {
    store.put('session', 's', { final: { status: { code: 200 } } });
    const read = store.get<{ final: { status: { code: number } } }>('session', 's')!;
    try {
      read.final.status.code = 500;
    } catch {
      // Shared documents are frozen: the attempt itself fails.
    }
    expect(store.get<{ final: { status: { code: number } } }>('session', 's')!.final.status.code).toBe(200);
  });
});
