import type { Command } from 'commander';

/** Registers the `schemas` command group. */
export function register(_program: Command): void {}
