import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { gatewayConfigSchema } from '../../core/config/GatewayConfig.js';
import { loadConfig } from '../../core/config/loadConfig.js';
import { builtinPlugins } from '../../core/plugins/builtinPlugins.js';
import { checkPlugin } from '../../core/plugins/checkPlugin.js';

/** Every Markdown file a user reads: README, docs/, the plugins' READMEs. */
function markdownFiles(): string[] {
  const docs = readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => join('docs', f));
  const plugins = readdirSync('plugins', { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join('plugins', d.name, 'README.md'));
  return ['README.md', join('plugins', 'README.md'), ...docs, ...plugins.filter((f) => { try { readFileSync(f); return true; } catch { return false; } })];
}

const snippets = markdownFiles().flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/^```ya?ml\n([\s\S]*?)^```/gm)]
  .map((m, i) => ({ name: `${file} #${i + 1}`, text: m[1] })));

describe('YAML in the documentation', () => {
  it('finds the snippets it checks', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(4);
  });

  it.each(snippets.map((s) => [s.name, s.text]))('%s is valid YAML, and a valid gateway configuration (built-in plugin options included) when it is one', async (_name, text) => {
    const doc = parseDocument(text);
    expect(doc.errors.map((e) => e.message)).toEqual([]);
    // Other YAML (a CSV mapping file, say) is only parsed; a snippet is a gateway configuration when at least half of
    // its top-level keys are the gateway's (so that a typo among them is still caught).
    const keys = Object.keys((doc.toJS() ?? {}) as object);
    const gatewayKeys = Object.keys(gatewayConfigSchema.shape);
    if (keys.filter((k) => gatewayKeys.includes(k)).length * 2 < keys.length) return;
    const dir = mkdtempSync(join(tmpdir(), 'gw-doc-yaml-'));
    writeFileSync(join(dir, 'gw.yaml'), text);
    // Every variable a snippet references is set, as the operator would (a webhook signing secret in its whsec_ form).
    const valueOf = (name: string) => (/WEBHOOK.*SECRET/.test(name) ? `whsec_${Buffer.alloc(32, 7).toString('base64')}` : 'value-from-env');
    const env = Object.fromEntries([...text.matchAll(/\$\{([A-Z_][A-Z0-9_]*)/g)].map((m) => [m[1], valueOf(m[1])]));
    const { config, envRefPaths } = loadConfig({ file: join(dir, 'gw.yaml'), env });
    for (const [i, entry] of config.plugins.entries()) {
      const load = builtinPlugins[entry.use];
      if (!load) continue;
      const checked = checkPlugin(((await load()) as { default: unknown }).default, entry, i, envRefPaths);
      expect(checked.ok ? [] : checked.issues).toEqual([]);
    }
  });
});
