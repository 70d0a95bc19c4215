import type { Command } from 'commander';

/** Registers the `gateway` command group. */
export function register(_program: Command): void {}
