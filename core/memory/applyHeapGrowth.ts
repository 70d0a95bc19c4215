import { setFlagsFromString } from 'node:v8';

/**
 * Sets how far V8 lets the JavaScript heap grow past the data still live before its next full collection: after
 * each one the limit becomes live × (1 + percent / 100) (V8's `--heap-growing-percent`). 0 leaves the factor to V8.
 *
 * V8 chooses that factor from how fast the program allocates compared with how fast it collects, up to 4 on a
 * machine with memory to spare. A gateway under load allocates fast and keeps little: 30-40 MB live while 100,000
 * CSV rows stream through, yet V8 let the heap reach 130-170 MB, mostly garbage, and the process 310-345 MB. With 50
 * the same run peaks 40-80 MB lower for 3-4 % more CPU (`npm run bench:csv`, docs/config.md "Memory").
 *
 * V8 reads this flag at every full collection, so setting it after start-up takes effect (Node keeps V8's flags
 * writable for `v8.setFlagsFromString`). It is process-wide: the validation threads follow it too.
 */
export function applyHeapGrowth(percent: number): void {
  if (!Number.isInteger(percent) || percent < 0) throw new RangeError(`heap growth must be a whole percentage >= 0, not ${percent}`);
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}
