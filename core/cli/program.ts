import { Command } from 'commander';

/** What a command module exports: it adds its commands to the program. */
interface CommandModule { register(program: Command): void }

/**
 * The command modules, each with the top-level commands it registers (kept true by test/core/cli/program.test.ts).
 * Modules are imported only when needed: most of them pull in the whole gateway (container, stores, HTTP servers),
 * which costs over a second of start-up that `fa3 validate` or `--version` should not pay.
 */
const COMMAND_GROUPS: readonly { readonly commands: readonly string[]; load(): Promise<CommandModule> }[] = [
  { commands: ['start', 'demo', 'status', 'submit', 'doctor', 'upo', 'retry'], load: () => import('./commands/gateway.js') },
  { commands: ['purchases'], load: () => import('./commands/purchases.js') },
  { commands: ['notify'], load: () => import('./commands/notify.js') },
  { commands: ['fa3'], load: () => import('./commands/fa3.js') },
  { commands: ['draft'], load: () => import('./commands/draft.js') },
  { commands: ['schemas'], load: () => import('./commands/schemas.js') },
  { commands: ['send'], load: () => import('./commands/send.js') },
  { commands: ['token'], load: () => import('./commands/token.js') },
  { commands: ['credentials'], load: () => import('./commands/credentials.js') },
  { commands: ['db'], load: () => import('./commands/db.js') },
  { commands: ['csv'], load: () => import('./commands/csv.js') },
  { commands: ['sap'], load: () => import('./commands/sap.js') },
  { commands: ['api-key'], load: () => import('./commands/apiKey.js') },
  { commands: ['console'], load: () => import('./commands/consoleUsers.js') },
  { commands: ['simulator'], load: () => import('./commands/simulator.js') },
];

/** The top-level command names each module registers, in help order. */
export const TOP_LEVEL_COMMANDS: readonly (readonly string[])[] = COMMAND_GROUPS.map((g) => g.commands);

/**
 * Builds the `ksef-gateway` command line. Given the process's argv, only the module of the command named there is
 * loaded (none for --version); without argv, or when argv names no known command (top-level help, a typo that deserves
 * "did you mean"), every module is.
 */
export async function buildProgram(argv?: readonly string[]): Promise<Command> {
  const program = new Command('ksef-gateway')
    .description('Gateway between ERP systems and KSeF 2.0')
    .version('0.1.0')
    .showHelpAfterError()
    // Usage errors end with our documented code 2 (docs/cli.md) instead of commander's 1, which means "invalid document".
    .exitOverride();
  // The program itself has no options but --help and --version, so the first word not starting with '-' is the command.
  const words = argv?.slice(2) ?? [];
  const named = words.find((word) => !word.startsWith('-'));
  const wanted = COMMAND_GROUPS.filter((g) => named !== undefined && g.commands.includes(named));
  const versionOnly = named === undefined && (words.includes('--version') || words.includes('-V'));
  if (versionOnly) return program;
  for (const group of wanted.length > 0 ? wanted : COMMAND_GROUPS) (await group.load()).register(program);
  return program;
}
