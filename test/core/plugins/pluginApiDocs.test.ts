import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const API_DIR = join(process.cwd(), 'core', 'plugin-api');

describe('core/plugin-api documentation', () => {
  it('gives every exported declaration a TSDoc comment with an @example (it is the partner guide)', () => {
    const missing: string[] = [];
    for (const file of readdirSync(API_DIR).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(join(API_DIR, file), 'utf8');
      const decl = /^export (?:const|function|interface|type|class) (\w+)|^export \{ (\w+) \} from '(?!\.)/gm; // local re-exports are documented at their source
      for (let m = decl.exec(text); m; m = decl.exec(text)) {
        const before = text.slice(0, m.index).trimEnd();
        const doc = before.endsWith('*/') ? before.slice(before.lastIndexOf('/**')) : '';
        if (!doc.includes('@example')) missing.push(`${file}: ${m[1] ?? m[2]}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
