import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { csvOptionsSchema } from '../../../plugins/csv/CsvOptions.js';
import { parseMapping } from '../../../plugins/csv/mapping/loadMapping.js';
import { defaultMapping } from '../../../plugins/csv/mapping/defaultMapping.js';
import type { FieldRule } from '../../../plugins/csv/mapping/CsvMapping.js';

const readme = readFileSync(join('plugins', 'csv', 'README.md'), 'utf8');
const yamlBlocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1]) as Record<string, unknown>);

describe('plugins/csv/README.md', () => {
  it('shows plugin options the plugin accepts', () => {
    const entry = (yamlBlocks[0].plugins as { use: string; options: unknown }[])[0];
    expect(entry.use).toBe('csv');
    expect(csvOptionsSchema.safeParse(entry.options).error).toBeUndefined();
  });

  it('shows a mapping the plugin accepts', () => {
    expect(() => parseMapping(yamlBlocks[1], 'README')).not.toThrow();
  });

  it('lists every column of the default mapping', () => {
    const columns = [...Object.values(defaultMapping.fields), ...Object.values(defaultMapping.lines), defaultMapping.documentId]
      .map((spec) => (typeof spec === 'object' ? (spec as FieldRule).column : spec));
    expect(columns.length).toBeGreaterThan(30);
    for (const column of columns) expect(readme).toContain(`\`${column}\``);
  });
});
