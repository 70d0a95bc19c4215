import type { Command, Option } from 'commander';

/** A command line as a reader copies it from Markdown: a fenced shell line or an inline code span. */
export interface DocCommandLine {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

/** Every shell command line in a Markdown text: lines of fenced blocks, and inline code spans, split on `&&` and `;`. */
export function commandLinesIn(file: string, markdown: string): DocCommandLine[] {
  const found: DocCommandLine[] = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((raw, i) => {
    const opening = /^\s*(```+)(\S*)/.exec(raw);
    if (opening) {
      fence = fence === undefined ? opening[2] || 'sh' : undefined;
      return;
    }
    const pieces = fence !== undefined ? (/^(sh|bash|shell|console)$/.test(fence) ? [raw] : []) : [...raw.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    for (const piece of pieces) {
      for (const part of piece.split(/&&|;/)) {
        const text = part.replace(/(^|\s)#.*$/, '').trim();
        if (text) found.push({ file, line: i + 1, text });
      }
    }
  });
  return found;
}

/** Words as a shell would split them (quotes kept together), the environment assignments in front dropped. */
export function shellWords(text: string): string[] {
  const words = [...text.matchAll(/(?:[^\s"']|"[^"]*"|'[^']*')+/g)].map((m) => m[0].replace(/"([^"]*)"|'([^']*)'/g, '$1$2'));
  while (words.length > 0 && /^[A-Z_][A-Z0-9_]*=/.test(words[0])) words.shift();
  // A redirection or a pipe ends what the program itself sees.
  const end = words.findIndex((w) => /^(<|>|>>|\||2>)/.test(w));
  return end === -1 ? words : words.slice(0, end);
}

const BUILT_IN = new Set(['-h', '--help', '-V', '--version']);

function findOption(cmd: Command, word: string): Option | undefined {
  const name = word.split('=')[0];
  for (let c: Command | null = cmd; c; c = c.parent) {
    const option = c.options.find((o) => o.long === name || o.short === name);
    if (option) return option;
  }
  return undefined;
}

/**
 * Checks the words after the program name against the real command tree: every command word names a command
 * (`a|b` alternatives each), every option exists on that command or a parent. Placeholders (`<file>`, `[...]`,
 * `FILE`, `...`) stand for arguments. Returns the problems found and the command paths reached.
 */
export function checkAgainstProgram(program: Command, words: readonly string[]): { problems: string[]; paths: string[][] } {
  const problems: string[] = [];
  const paths: string[][] = [];
  const walk = (cmd: Command, rest: readonly string[], path: string[]): void => {
    for (let i = 0; i < rest.length; i += 1) {
      const word = rest[i].replace(/^\[|\]$/g, '');
      if (word === '' || word === '...' || /^<.*>$|^\[|^\.\.\./.test(word)) continue;
      if (word.startsWith('-')) {
        if (BUILT_IN.has(word)) continue;
        const option = findOption(cmd, word);
        if (!option) {
          problems.push(`${['ksef-gateway', ...path].join(' ')}: no option ${word}`);
          continue;
        }
        if ((option.required || option.optional) && !word.includes('=') && i + 1 < rest.length && !rest[i + 1].startsWith('-')) i += 1;
        continue;
      }
      const sub = cmd.commands;
      if (sub.length === 0) continue; // an argument
      const names = word.split('|');
      const matches = names.map((n) => sub.find((c) => c.name() === n || c.aliases().includes(n)));
      if (matches.every((m) => m === undefined) && (cmd.registeredArguments.length > 0 || path.length > 0 && /[./*]/.test(word))) continue;
      names.forEach((n, k) => {
        const next = matches[k];
        if (next) walk(next, rest.slice(i + 1), [...path, n]);
        else problems.push(`${['ksef-gateway', ...path].join(' ')}: no command ${n}`);
      });
      return;
    }
    paths.push(path);
  };
  walk(program, words, []);
  return { problems, paths };
}
