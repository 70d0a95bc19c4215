import { join } from 'node:path';
import type { CsvMapping } from '../mapping/CsvMapping.js';
import type { CsvDrop } from '../reading/readInvoices.js';

/** A drop ready to be read: its files, and the name its results are published under. */
export interface ReadyDrop {
  readonly name: string;
  readonly names: readonly string[];
  /** Undefined when the files do not form a drop (a name matching neither pattern of a header + lines layout). */
  readonly drop?: CsvDrop;
}

/**
 * Groups complete files into drops: every file alone for the `lines` layout; for `header-lines`, a header file
 * with the lines file of the same shared name (`feb.header.csv` + `feb.lines.csv`). A half of a pair waits for the
 * other half; a file matching neither pattern is a drop of its own that cannot be read.
 */
export function pairDrops(complete: readonly string[], mapping: CsvMapping, inbox: string): ReadyDrop[] {
  if (mapping.layout === 'lines') return complete.map((name) => ({ name, names: [name], drop: { layout: 'lines', file: join(inbox, name) } }));
  const header = pattern(mapping.files.header);
  const lines = pattern(mapping.files.lines);
  const present = new Set(complete);
  const drops: ReadyDrop[] = [];
  for (const name of complete) {
    const stem = header.exec(name)?.[1];
    if (stem !== undefined) {
      const linesName = mapping.files.lines.replace('*', stem);
      if (present.has(linesName)) drops.push({ name, names: [name, linesName], drop: { layout: 'header-lines', header: join(inbox, name), lines: join(inbox, linesName) } });
    } else if (!lines.test(name)) drops.push({ name, names: [name] });
  }
  return drops;
}

function pattern(glob: string): RegExp {
  const [before, after] = glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${before}(.+)${after}$`, 'i');
}
