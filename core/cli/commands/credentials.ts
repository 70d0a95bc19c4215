import type { Command } from 'commander';

/** Registers the `credentials` command group. */
export function register(_program: Command): void {}
