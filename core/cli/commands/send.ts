import type { Command } from 'commander';

/** Registers the `send` command group. */
export function register(_program: Command): void {}
