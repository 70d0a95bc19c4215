import { onceReporter } from '../../../core/cli/commands/gateway/onceReporter.js';

describe('onceReporter (start --once)', () => {
  it('shows progress when it changes, names older pending documents it does not wait for, and ends with a clear line', () => {
    const lines: string[] = [];
    let t = 0;
    const r = onceReporter((l) => lines.push(l), () => t, 5_000);
    t = 10_000;
    r.progress({ mine: 3, older: 7 });
    t = 11_000;
    r.progress({ mine: 2, older: 7 }); // too soon after the last line
    t = 16_000;
    r.progress({ mine: 2, older: 7 });
    r.end('timeout', 30);
    expect(lines).toEqual([
      '--once: 3 document(s) of this run unfinished; 7 older document(s) pending too, not waited for (`status` shows them)',
      '--once: 2 document(s) of this run unfinished; 7 older document(s) pending too, not waited for (`status` shows them)',
      expect.stringMatching(/^--once: timed out after 30 s with 2 document\(s\) of this run unfinished; they stay in the store .*Exit code 3\.$/),
    ]);
  });

  it('says done when everything of this run is finished', () => {
    const lines: string[] = [];
    const r = onceReporter((l) => lines.push(l));
    r.progress({ mine: 0, older: 0 });
    r.end('drained', 600);
    expect(lines.at(-1)).toBe('--once: done, every document of this run is finished (delivered or invalid)');
  });
});
