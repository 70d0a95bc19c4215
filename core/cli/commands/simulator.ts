import type { Command } from 'commander';

/** Registers the `simulator` command group. */
export function register(_program: Command): void {}
