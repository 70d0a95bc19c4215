import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { SqliteSubmissionStore } from '../../../adapters/sqlite-store/SqliteSubmissionStore.js';
import { buildProgram } from '../../../core/cli/program.js';

describe('ksef-gateway upo get', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'upo-get-')); });
  afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

  it('writes the UPO kept in the store byte for byte, to stdout or to --out', async () => {
    const upo = Buffer.concat([Buffer.from('\uFEFF<UPO>K-1</UPO>\r\n'), Buffer.from([0xc3, 0x28, 0x00, 0xff])]);
    const store = new SqliteSubmissionStore(join(dir, 'gateway.sqlite'));
    await store.receive({ id: 'doc-1', source: 'erp', erpId: 'E1', urgent: false, now: 1 });
    await store.transition('doc-1', 'queued', { now: 2, contextNip: '1111111111', xml: Buffer.from('<x/>'), invoiceHash: 'h',
      key: { sellerNip: '1111111111', invoiceKind: 'VAT', invoiceNumber: 'FV/1' } });
    await store.transition('doc-1', 'sending', { now: 3, sessionRef: 'S1' });
    await store.transition('doc-1', 'accepted', { now: 4, ksefNumber: 'K-1', upo });
    await store.close();
    const config = join(dir, 'gw.yaml');
    writeFileSync(config, 'ksef: { simulator: { enabled: true, rateLimits: "off" } }\nadmin: { enabled: false }\n');
    const saved = { ...process.env };
    Object.assign(process.env, { KSEF_GATEWAY_DATA_DIR: dir, KSEF_GATEWAY_CONFIG: config, KSEF_GATEWAY_LOG_LEVEL: 'silent' });
    const chunks: Buffer[] = [];
    const out = jest.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => { chunks.push(Buffer.from(c)); return true; });
    try {
      await (await buildProgram()).exitOverride().parseAsync(['node', 'ksef-gateway', 'upo', 'get', 'doc-1']);
      await (await buildProgram()).exitOverride().parseAsync(['node', 'ksef-gateway', 'upo', 'get', 'doc-1', '--out', join(dir, 'upo.xml')]);
    } finally {
      out.mockRestore();
      process.env = saved;
    }
    expect(Buffer.concat(chunks).equals(upo)).toBe(true);
    expect(readFileSync(join(dir, 'upo.xml')).equals(upo)).toBe(true);
    expect(process.exitCode ?? 0).toBe(0);
  });
});
