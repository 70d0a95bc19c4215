import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SCHEMAS_DIR } from '../../../support/sharedDir.js';
import { sampleBytes } from '../rules/sampleInvoices.js';

const ROOT = resolve('.');
const OUT = join(ROOT, 'node_modules', '.cache', 'ksef-gateway-xsd-stderr-test');

/**
 * libxml2 writes its own diagnostics through the WebAssembly module's console, which Jest's console does not
 * show as stderr: only a separate process sees what a user's terminal would.
 */
describe('Fa3XsdValidator output', () => {
  beforeAll(() => {
    execFileSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['--outDir', OUT, '--rootDir', ROOT, '--module', 'nodenext',
      '--moduleResolution', 'nodenext', '--target', 'ES2022', '--lib', 'ES2023', '--strict', '--esModuleInterop', '--skipLibCheck',
      '--resolveJsonModule', join(ROOT, 'core/fa3/validation/Fa3XsdValidator.ts')], { stdio: 'inherit' });
  }, 180_000);

  it('prints nothing to stderr while locating the errors of a document whose elements carry a namespace prefix', () => {
    const prefixed = sampleBytes('FA_3_Przyklad_1.xml').toString('utf8')
      .replace(/<(\/?)([A-Za-z_]\w*)([\s>/])/g, '<$1t:$2$3').replace('xmlns=', 'xmlns:t=')
      .replace('<t:P_2>', '<t:Bogus/><t:P_2>').replace(/<t:P_15>[^<]*</, '<t:P_15>abc<');
    const input = join(OUT, 'prefixed.xml');
    writeFileSync(input, prefixed);
    const script = join(OUT, 'validate.mjs');
    writeFileSync(script, `
      import { readFileSync } from 'node:fs';
      import { Fa3XsdValidator } from './core/fa3/validation/Fa3XsdValidator.js';
      const v = await Fa3XsdValidator.load(process.argv[2]);
      console.log(JSON.stringify(v.validate(readFileSync(process.argv[3])).map((i) => i.location)));
      v.dispose();
    `);
    const run = spawnSync(process.execPath, [script, SCHEMAS_DIR, input], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toContain('Fa/Bogus');
  });
});
