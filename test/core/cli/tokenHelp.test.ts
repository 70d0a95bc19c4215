import type { Command } from 'commander';
import { buildProgram } from '../../../core/cli/program.js';

let program: Command;
beforeAll(async () => {
  program = await buildProgram();
});

const help = (path: string[]): string => {
  let c: Command = program;
  for (const name of path) c = c.commands.find((s) => s.name() === name)!;
  return c.helpInformation();
};

describe('token --help', () => {
  it('lists add next to the KSeF commands, and the config option', () => {
    const text = help(['token']);
    for (const cmd of ['add', 'generate', 'list', 'status', 'revoke']) expect(text).toMatch(new RegExp(`\\n  ${cmd}\\b`));
    expect(text).toContain('--config <file>');
  });

  it('token add offers stdin, --from-env and --no-verify, and no argument for the value', () => {
    const text = help(['token', 'add']);
    expect(text).toContain('--from-env <var>');
    expect(text).toContain('--no-verify');
    expect(text.replace(/\s+/g, ' ')).toContain('never from the command line');
    expect(text).toMatch(/^Usage: ksef-gateway token add \[options\]$/m);
  });

  it('token generate says where the value goes', () => {
    const text = help(['token', 'generate']);
    expect(text).toContain('--no-store');
    expect(text.replace(/\s+/g, ' ')).toContain('printed once');
  });
});
