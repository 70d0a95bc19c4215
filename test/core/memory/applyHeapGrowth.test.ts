import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { applyHeapGrowth } from '../../../core/memory/applyHeapGrowth.js';

/**
 * The growing factors V8 itself reports (`--trace-gc-verbose`: "[HeapController] Limit: old size: …, new limit: …
 * (factor)") after each full collection of a process that sets the heap growth first, then keeps about 10 MB live
 * and churns through objects that live long enough to reach the old generation, as documents in flight do.
 */
function growingFactors(percent: number): string[] {
  const module = pathToFileURL(join(process.cwd(), 'dist', 'core', 'memory', 'applyHeapGrowth.js')).href;
  const script = `
    const { applyHeapGrowth } = await import(${JSON.stringify(module)});
    applyHeapGrowth(${percent});
    const live = Array.from({ length: 200_000 }, (_, i) => ({ i, name: 'live ' + i }));
    const ring = new Array(200_000);
    for (let n = 0; n < 3_000_000; n++) ring[n % ring.length] = { n, name: 'document ' + n, lines: [n, n + 1, n + 2] };
    console.log('kept', live.length);`;
  const out = execFileSync(process.execPath, ['--trace-gc-verbose', '--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  expect(out).toMatch(/^kept 200000$/m);
  // V8 12 and older (Node 20, 22) print the factor in use at the end of the "Limit" line, and on their "factor … based
  // on" line the one V8 would have chosen; V8 13 (Node 24) prints the factor in use on the "factor" line only.
  const onLimitLines = [...out.matchAll(/\[HeapController\] Limit: old size: \d+ KB, new limit: \d+ KB \(([\d.]+)\)/g)].map((m) => m[1]);
  return onLimitLines.length > 0 ? onLimitLines : [...out.matchAll(/\[HeapController\] factor ([\d.]+) based on/g)].map((m) => m[1]);
}

describe('applyHeapGrowth', () => {
  it('makes V8 grow the heap by the given percentage after every full collection, where V8 alone chose 4 times the live data', () => {
    const capped = growingFactors(50);
    expect(capped.length).toBeGreaterThan(0);
    expect(new Set(capped)).toEqual(new Set(['1.5']));
    expect(growingFactors(0)).toContain('4.0');
  });

  it('takes whole percentages from 0 only', () => {
    expect(() => applyHeapGrowth(-1)).toThrow(RangeError);
    expect(() => applyHeapGrowth(12.5)).toThrow(RangeError);
  });
});
