import { join } from 'node:path';
import type { CsvMapping } from '../mapping/CsvMapping.js';
import { CsvFileError } from '../reading/CsvFileError.js';
import type { CsvDrop } from '../reading/readInvoices.js';

/** A drop ready to be read: its files, and the name its results are published under. */
export interface ReadyDrop {
  readonly name: string;
  readonly names: readonly string[];
  /** Undefined when the files do not form a drop (a name matching neither pattern of a header + lines layout). */
  readonly drop?: CsvDrop;
  /** Why the files cannot be read at all, when that is known before reading them (a pair's half that waited too long). */
  readonly fault?: CsvFileError;
}

/** A half of a header + lines pair whose other half is not (yet) complete in the inbox, and the name it waits for. */
export interface LoneHalf {
  readonly name: string;
  readonly role: 'header' | 'lines';
  readonly partner: string;
}

/** The halves of pairs that wait for their other half (none in the `lines` layout). */
export function loneHalves(complete: readonly string[], mapping: CsvMapping): LoneHalf[] {
  if (mapping.layout === 'lines') return [];
  const header = pattern(mapping.files.header);
  const lines = pattern(mapping.files.lines);
  const present = new Set(complete);
  const out: LoneHalf[] = [];
  for (const name of complete) {
    const headerStem = header.exec(name)?.[1];
    const linesStem = headerStem === undefined ? lines.exec(name)?.[1] : undefined;
    if (headerStem !== undefined) {
      const partner = mapping.files.lines.replace('*', headerStem);
      if (!present.has(partner)) out.push({ name, role: 'header', partner });
    } else if (linesStem !== undefined) {
      const partner = mapping.files.header.replace('*', linesStem);
      if (!present.has(partner)) out.push({ name, role: 'lines', partner });
    }
  }
  return out;
}

/** A half that waited `pairWaitMs` for its other half: a drop of its own that goes to `failed/`, naming what it lacks. */
export function abandonedHalf(half: LoneHalf, waitedMs: number): ReadyDrop {
  const waited = waitedMs < 120_000 ? `${Math.round(waitedMs / 1000)} s` : `${Math.round(waitedMs / 60_000)} min`;
  const fault = half.role === 'header'
    ? new CsvFileError('GW_CSV_LINES_FILE_MISSING', `its lines file ${half.partner} did not arrive in the ${waited} it waited (pairWaitMs); drop both files again`, half.name)
    : new CsvFileError('GW_CSV_HEADER_FILE_MISSING', `its header file ${half.partner} did not arrive in the ${waited} it waited (pairWaitMs); drop both files again`, half.name);
  return { name: half.name, names: [half.name], fault };
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
