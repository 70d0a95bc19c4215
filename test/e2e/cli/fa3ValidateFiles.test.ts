import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExitCode } from '../../../core/cli/exitCodes.js';
import { Fa3XsdValidator } from '../../../core/fa3/validation/Fa3XsdValidator.js';
import { validateFa3 } from '../../../core/fa3/validation/validateFa3.js';
import { FA3_SAMPLES_DIR, SCHEMAS_DIR } from '../../support/sharedDir.js';

const bin = join(process.cwd(), 'dist', 'bin', 'ksef-gateway.js');

describe('ksef-gateway fa3 validate on many files (built CLI: a thread per core, one parse per file)', () => {

  it('reports every file in the order given, exactly as validating each file alone does, and a missing one as unreadable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fa3-validate-many-'));
    const xsd = await Fa3XsdValidator.load(SCHEMAS_DIR);
    try {
      const samples = readdirSync(FA3_SAMPLES_DIR).filter((f) => f.endsWith('.xml'));
      const files = samples.map((f) => join(FA3_SAMPLES_DIR, f));
      const broken = join(dir, 'broken.xml');
      writeFileSync(broken, readFileSync(files[0], 'utf8').replace(/<P_15>[^<]*<\/P_15>/, '<P_15>1.00</P_15>').replace('<NIP>1111111111</NIP>', '<NIP>1111111112</NIP>'));
      const missing = join(dir, 'missing.xml');
      const list = [...files, broken, ...files.slice(0, 5), missing, join(dir, 'bad-bytes.xml')];
      writeFileSync(list[list.length - 1], Buffer.from([0x3c, 0xff, 0xfe]));
      const r = spawnSync(process.execPath, [bin, 'fa3', 'validate', '--json', ...list], {
        env: { ...process.env, KSEF_GATEWAY_CONFIG: '', KSEF_SCHEMAS_DIR: SCHEMAS_DIR }, encoding: 'utf8', timeout: 120_000 });
      const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; valid: boolean; issues?: unknown[]; error?: string });
      expect(lines.map((l) => l.file)).toEqual(list);
      const now = new Date();
      for (const [i, file] of list.entries()) {
        if (file === missing) {
          expect(lines[i]).toEqual({ file, valid: false, error: 'no such file' });
          continue;
        }
        const alone = validateFa3(readFileSync(file), { xsd, now, documentName: file });
        expect(lines[i]).toEqual({ file, valid: alone.valid, issues: JSON.parse(JSON.stringify(alone.issues)) });
      }
      expect(lines.find((l) => l.file === broken)?.issues).toEqual(expect.arrayContaining([
        expect.objectContaining({ code: 'FA3_TOTAL_MISMATCH' }), expect.objectContaining({ code: 'FA3_NIP_CHECKSUM' })]));
      expect(r.status).toBe(ExitCode.config);
    } finally {
      xsd.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
