import type { Command } from 'commander';

/** Registers the `token` command group. */
export function register(_program: Command): void {}
