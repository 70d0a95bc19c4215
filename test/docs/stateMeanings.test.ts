import { readFileSync } from 'node:fs';
import { STATE_MEANINGS } from '../../core/cli/commands/gateway/stateMeanings.js';

describe('status words', () => {
  it('docs/cli.md explains every state in the words `status` prints', () => {
    const doc = readFileSync('docs/cli.md', 'utf8');
    const rows = Object.fromEntries([...doc.matchAll(/^\| `([a-z]+)` \| (.+) \|$/gm)].map((m) => [m[1], m[2]]));
    for (const [state, meaning] of Object.entries(STATE_MEANINGS)) expect({ state, meaning: rows[state] }).toEqual({ state, meaning });
  });
});
