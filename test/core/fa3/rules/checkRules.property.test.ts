import fc from 'fast-check';
import type { Faktura } from '../../../../core/fa3/model/Faktura.js';
import { checkRules } from '../../../../core/fa3/rules/checkRules.js';
import { MF_SAMPLES, NOW, sample } from './sampleInvoices.js';

type Json = Record<string, unknown> | unknown[];

/** Every leaf path of a model, e.g. ['Fa', 'FaWiersz', 2, 'P_11']. */
function leafPaths(node: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (typeof node === 'string') out.push(path);
  else if (Array.isArray(node)) node.forEach((v, i) => leafPaths(v, [...path, i], out));
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) leafPaths(v, [...path, k], out);
  return out;
}

function setAt(root: Json, path: (string | number)[], value: string | undefined): void {
  let node = root as Record<string | number, unknown>;
  for (const p of path.slice(0, -1)) node = node[p] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (value === undefined && !Array.isArray(node)) delete node[last];
  else node[last] = value ?? '';
}

const models = MF_SAMPLES.map((name) => ({ name, model: sample(name), paths: leafPaths(sample(name)) }));
const values = fc.oneof(
  fc.constantFrom('', ' ', '0', '-0.005', '1e5', '23', ' 23 ', 'zw', '0 EX', 'oo', '1', '2', 'PLN', 'EUR', '2050-01-01', '9999999999999999.99', 'x'),
  fc.string(),
  fc.constant(undefined),
);

describe('checkRules on arbitrary damage', () => {
  it('never throws, and every finding names a code, a location and a reason', () => {
    fc.assert(fc.property(fc.nat(), fc.array(fc.tuple(fc.nat(), values), { minLength: 1, maxLength: 8 }), (pick, edits) => {
      const { model, paths } = models[pick % models.length];
      const inv = structuredClone(model) as unknown as Json;
      for (const [p, v] of edits) setAt(inv, paths[p % paths.length], v);
      const issues = checkRules(inv as unknown as Faktura, { now: NOW, sizeBytes: 10 });
      for (const i of issues) {
        expect(i.code).toMatch(/^FA3_[A-Z0-9_]+$/);
        expect(typeof i.location).toBe('string');
        expect(i.message.length).toBeGreaterThan(10);
        expect(['error', 'warning']).toContain(i.severity);
      }
    }), { numRuns: 400 });
  });
});
