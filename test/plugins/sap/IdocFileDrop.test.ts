import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { appendFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { invoic02Layout } from '../../../plugins/sap/idoc/invoic02Defaults.js';
import { writeFlatIdoc, writeIdocXml } from '../../../plugins/sap/idoc/writeIdoc.js';
import { SapAdapter, loadSapSetup } from '../../../plugins/sap/SapAdapter.js';
import { invoic02 } from './invoic02Fixtures.js';
import { MemoryGateway, sapTestContext } from './support/sapTestContext.js';

describe('SAP file port', () => {
  it('takes IDoc-XML and flat files only once they stop growing, moves them to processed, and unreadable ones to failed with the reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-sap-files-'));
    const gateway = new MemoryGateway();
    let now = 1_000_000;
    const ctx = { ...sapTestContext({ files: { inbox: join(dir, 'in'), stableMs: 2_000 } }, gateway), clock: { now: () => new Date(now) } };
    const adapter = new SapAdapter(ctx, await loadSapSetup(ctx.config));
    await adapter.start();
    try {
      const files = adapter.files;
      if (!files) throw new Error('no file port');
      const flat = writeFlatIdoc([invoic02({ docnum: '0000000000000701', vbeln: '0090000701' })], invoic02Layout());
      const half = Math.floor(flat.length / 2);
      await writeFile(join(dir, 'in', 'idoc701.txt'), flat.slice(0, half));
      writeFileSync(join(dir, 'in', 'idoc702.xml.tmp'), writeIdocXml([invoic02({ docnum: '0000000000000702', vbeln: '0090000702' })]));
      writeFileSync(join(dir, 'in', 'notes.xml'), '<notes/>');
      await files.scan();
      now += 5_000;
      await appendFile(join(dir, 'in', 'idoc701.txt'), flat.slice(half)); // the writer goes on: the file changed, so it waits again
      await files.scan();
      expect(gateway.created).toBe(0);
      now += 5_000;
      await files.scan();
      expect([...gateway.documents.keys()]).toEqual(['0090000701']);
      expect(existsSync(join(dir, 'processed', 'idoc701.txt'))).toBe(true);
      expect(existsSync(join(dir, 'in', 'idoc702.xml.tmp'))).toBe(true);
      expect(readFileSync(join(dir, 'failed', 'notes.xml.error.txt'), 'utf8')).toContain('GW_SAP_IDOC_XML_NO_IDOC');

      // A Windows-1250 byte in a file that is UTF-8 by default: refused with its place, never sent with U+FFFD.
      const xml = writeIdocXml([invoic02({ docnum: '0000000000000703', vbeln: '0090000703' })]);
      const at = xml.indexOf('<BELNR>') + '<BELNR>'.length;
      writeFileSync(join(dir, 'in', 'legacy.xml'), Buffer.concat([Buffer.from(xml.slice(0, at)), Buffer.from([0xf3]), Buffer.from(xml.slice(at))]));
      await files.scan();
      now += 5_000;
      await files.scan();
      expect([...gateway.documents.keys()]).toEqual(['0090000701']);
      expect(readFileSync(join(dir, 'failed', 'legacy.xml.error.txt'), 'utf8')).toMatch(/^legacy\.xml: line \d+, column \d+/);
    } finally {
      await adapter.stop();
    }
  });
});
