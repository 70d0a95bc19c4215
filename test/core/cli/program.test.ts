import { Command } from 'commander';
import { buildProgram, TOP_LEVEL_COMMANDS } from '../../../core/cli/program.js';

const names = (program: Command): string[] => program.commands.map((c) => c.name());

describe('the command line loads only the module of the command it runs', () => {
  it('lists, for each module, exactly the top-level commands that module registers (the table cannot drift)', async () => {
    const all = await buildProgram();
    expect(names(all)).toEqual(TOP_LEVEL_COMMANDS.flat());
    for (const group of TOP_LEVEL_COMMANDS) {
      const program = await buildProgram(['node', 'ksef-gateway', group[0], '--help']);
      expect(names(program)).toEqual(group);
    }
  });

  it('loads one module for `fa3 validate`, none for --version, and every module for top-level help, no command or an unknown one', async () => {
    expect(names(await buildProgram(['node', 'ksef-gateway', 'fa3', 'validate', 'a.xml']))).toEqual(['fa3']);
    expect(names(await buildProgram(['node', 'ksef-gateway', 'retry', 'doc-1']))).toEqual(TOP_LEVEL_COMMANDS[0]);
    const everything = TOP_LEVEL_COMMANDS.flat();
    expect(names(await buildProgram(['node', 'ksef-gateway', '--help']))).toEqual(everything);
    expect(names(await buildProgram(['node', 'ksef-gateway']))).toEqual(everything);
    // "did you mean start?" needs every command to choose from.
    expect(names(await buildProgram(['node', 'ksef-gateway', 'strat']))).toEqual(everything);
    expect(names(await buildProgram(['node', 'ksef-gateway', '--version']))).toEqual([]);
  });
});
