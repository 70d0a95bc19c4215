import type { Command } from 'commander';

/** Registers the `fa3` command group. */
export function register(_program: Command): void {}
