import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProgram } from '../../core/cli/program.js';
import { checkAgainstProgram, commandLinesIn, shellWords, type DocCommandLine } from '../support/docCommandLines.js';

/** Every Markdown file a user reads: README, docs/, the plugins' READMEs. */
function markdownFiles(): string[] {
  const docs = readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => join('docs', f));
  const plugins = readdirSync('plugins', { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join('plugins', d.name, 'README.md'));
  return ['README.md', join('plugins', 'README.md'), ...docs, ...plugins].filter((f) => existsSync(f));
}

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string>; bin: Record<string, string> };
const lines = markdownFiles().flatMap((f) => commandLinesIn(f, readFileSync(f, 'utf8')));
const readme = lines.filter((l) => l.file === 'README.md');
const where = (l: DocCommandLine) => `${l.file}:${l.line} \`${l.text}\``;
const gatewayLines = lines.filter((l) => shellWords(l.text)[0] === 'npx' && shellWords(l.text)[1] === 'ksef-gateway');
const npmLines = lines.filter((l) => shellWords(l.text)[0] === 'npm' && /^(start|test|ci|run|install)$/.test(shellWords(l.text)[1] ?? ''));

/** What `npm start -- ARGS` or `npm run NAME -- ARGS` runs, when the script ends in our own command line. */
function gatewayWordsOfScript(words: readonly string[]): string[] | undefined {
  const name = words[1] === 'run' ? words[2] : words[1];
  const script = pkg.scripts[name];
  const m = /node dist\/bin\/ksef-gateway\.js((?: [a-z-]+)*)$/.exec(script ?? '');
  if (!m) return undefined;
  const dashes = words.indexOf('--');
  return [...m[1].trim().split(' ').filter(Boolean), ...(dashes === -1 ? [] : words.slice(dashes + 1))];
}

describe('command lines in the README and docs, as a reader copies them from a clone', () => {
  it('finds the command lines it checks (README: the quick start, the tests, the gateway commands)', () => {
    expect(readme.filter((l) => npmLines.includes(l)).map((l) => l.text)).toEqual(expect.arrayContaining(['npm ci', 'npm start', 'npm test', 'npm run build']));
    expect(readme.filter((l) => gatewayLines.includes(l)).length).toBeGreaterThanOrEqual(10);
    expect(gatewayLines.length).toBeGreaterThanOrEqual(50);
  });

  it('catches a misspelt command, a misspelt option and an unknown alternative (the check itself)', async () => {
    const program = await buildProgram();
    expect(checkAgainstProgram(program, ['strat']).problems).toEqual(['ksef-gateway: no command strat']);
    expect(checkAgainstProgram(program, ['start', '--onse']).problems).toEqual(['ksef-gateway start: no option --onse']);
    expect(checkAgainstProgram(program, ['token', 'add|remove']).problems).toEqual(['ksef-gateway token: no command remove']);
    expect(checkAgainstProgram(program, ['token', '--config', 'gw.yaml', 'status', '--nip', '1']).problems).toEqual([]);
  });

  it('never writes a bare `ksef-gateway <command>`: after `npm ci` it is not on the PATH (npx ksef-gateway is)', () => {
    // The one exception: the README's `ksef-gateway <command>` for a global install.
    const bare = lines.filter((l) => /(^|[\s(])ksef-gateway [a-z<]/.test(l.text) && !/npx ksef-gateway/.test(l.text) && l.text !== 'ksef-gateway <command>');
    expect(bare.map(where)).toEqual([]);
  });

  it.each(gatewayLines.map((l) => [where(l), l]))('%s names commands and options that exist', async (_name, l) => {
    const { problems } = checkAgainstProgram(await buildProgram(), shellWords((l as DocCommandLine).text).slice(2));
    expect(problems).toEqual([]);
  });

  it.each(npmLines.map((l) => [where(l), l]))('%s names an npm script that exists (and, for ours, a valid command line)', async (_name, l) => {
    const words = shellWords((l as DocCommandLine).text);
    if (words[1] === 'ci' || words[1] === 'install') return;
    const name = words[1] === 'run' ? words[2] : words[1];
    expect(Object.keys(pkg.scripts)).toContain(name);
    const gatewayWords = gatewayWordsOfScript(words);
    if (gatewayWords) expect(checkAgainstProgram(await buildProgram(), gatewayWords).problems).toEqual([]);
  });

  it('names only scripts of the repository that exist and can run (.ci/run)', () => {
    const scripts = lines.map((l) => shellWords(l.text)[0]).filter((w): w is string => w !== undefined && /^\.{0,2}\/?[\w.-]+\/[\w./-]+$/.test(w) && !w.includes('*'));
    expect(scripts).toContain('.ci/run');
    for (const script of new Set(scripts.filter((w) => w.startsWith('.ci/')))) expect(() => accessSync(script, constants.X_OK)).not.toThrow();
  });
});

// dist/ is built once before the workers start (test/support/buildOnce.js), as `npm run build` in the README does.
describe('npx ksef-gateway from the clone (built as the README says)', () => {
  const npx = (...args: string[]) => execFileSync('npx', ['--no-install', 'ksef-gateway', ...args], { encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });

  it('prints our own help and version, not npm\'s', async () => {
    expect(npx('--help')).toMatch(/^Usage: ksef-gateway \[options\] \[command\]/);
    expect(npx('--version').trim()).toBe((await buildProgram()).version());
  });

  it('has --help for every command the README names', async () => {
    const program = await buildProgram();
    const paths = new Map<string, string[]>();
    for (const l of readme.filter((x) => gatewayLines.includes(x))) {
      for (const path of checkAgainstProgram(program, shellWords(l.text).slice(2)).paths) if (path.length > 0) paths.set(path.join(' '), path);
    }
    expect(paths.size).toBeGreaterThanOrEqual(10);
    // In-process: what `--help` prints is the command's help text (a process per command would cost seconds each).
    for (const path of paths.values()) {
      const cmd = path.reduce((c, name) => c.commands.find((x) => x.name() === name)!, program);
      expect(cmd.helpInformation()).toMatch(new RegExp(`^Usage: ksef-gateway ${path.join(' ')}\\b`));
    }
  });
});
