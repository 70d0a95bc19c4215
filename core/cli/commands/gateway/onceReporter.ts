import type { RunEnd } from './runGateway.js';
import type { RunPending } from './runPending.js';

export interface OnceReporter {
  readonly progress: (p: RunPending) => void;
  /** The closing line: what finished, what is left and why the run ended. */
  readonly end: (end: RunEnd, timeoutSeconds: number) => void;
}

/**
 * Human lines for `start --once` on stderr (stdout carries the JSON log): progress when it changes (at most every
 * few seconds), and one closing line that says what else is pending and why the run ended.
 */
export function onceReporter(write: (line: string) => void, now: () => number = Date.now, everyMs = 5_000): OnceReporter {
  let last: RunPending | undefined;
  let shownAt = 0;
  let shown = '';
  const older = (p: RunPending) => (p.older > 0 ? `; ${p.older} older document(s) pending too, not waited for (\`status\` shows them)` : '');
  return {
    progress(p) {
      last = p;
      const line = `--once: ${p.mine} document(s) of this run unfinished${older(p)}`;
      if (line === shown || now() - shownAt < everyMs) return;
      shown = line;
      shownAt = now();
      write(line);
    },
    end(end, timeoutSeconds) {
      const p = last ?? { mine: 0, older: 0 };
      if (end === 'drained') write(`--once: done, every document of this run is finished (delivered or invalid)${older(p)}`);
      else if (end === 'timeout') {
        write(`--once: timed out after ${timeoutSeconds} s with ${p.mine} document(s) of this run unfinished; they stay in the store `
          + `and go out at the next start (\`status\` shows them; --once-timeout sets the limit)${older(p)}. Exit code 3.`);
      }
    },
  };
}
