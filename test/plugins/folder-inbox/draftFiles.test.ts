import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../../core/config/loadConfig.js';
import { DEMO_NIP, GatewayApp } from '../../../core/di/GatewayApp.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { invoiceXml } from '../../support/pipeline/invoiceXml.js';

async function until(check: () => boolean, what: string, limitMs = 30_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const draft = (number: string, vatRate = '23') => ({
  kind: 'VAT', number, issueDate: '2026-02-15',
  seller: { nip: DEMO_NIP, name: 'Sprzedawca Sp. z o.o.', address: { country: 'PL', line1: 'ul. Prosta 1' } },
  buyer: { id: { type: 'nip', nip: '7352765225' }, name: 'Nabywca S.A.', address: { country: 'PL', line1: 'ul. Krzywa 2' } },
  lines: [{ name: 'Usługa', quantity: '2', unit: 'szt.', unitPrice: '50.00', vatRate }],
});

describe('folder-inbox draft files, through the running gateway and the in-process simulator', () => {
  it('sends a JSON draft, refuses a bad one with its draft field and file, and takes one of X.xml and X.json while refusing the other aloud', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-inbox-drafts-'));
    const env = { KSEF_GATEWAY_DATA_DIR: dir, KSEF_SCHEMAS_DIR: SCHEMAS_DIR, KSEF_GATEWAY_ADMIN_ENABLED: 'false', KSEF_GATEWAY_MASTER_KEY: '' };
    const app = await GatewayApp.create({ loaded: loadConfig({ cwd: dir, env }), env, logDestination: new Writable({ write(_c, _e, cb) { cb(); } }) });
    const base = join(dir, 'plugins', 'inbox');
    const outcome = (erpId: string) => JSON.parse(readFileSync(join(base, 'outcomes', `${erpId}.json`), 'utf8'));
    const run = `${process.pid}/${Date.now()}`;
    try {
      await app.start();
      writeFileSync(join(base, 'inbox', 'D-1.json'), JSON.stringify(draft(`FD/${run}/1`)));
      writeFileSync(join(base, 'inbox', 'D-2.json'), JSON.stringify(draft(`FD/${run}/2`, '22%')));
      writeFileSync(join(base, 'inbox', 'X.json'), JSON.stringify(draft(`FD/${run}/X`)));
      writeFileSync(join(base, 'inbox', 'X.xml'), invoiceXml({ sellerNip: DEMO_NIP, number: `FD/${run}/X-xml` }));
      await until(() => ['D-1', 'D-2', 'X'].every((id) => existsSync(join(base, 'outcomes', `${id}.json`))) && existsSync(join(base, 'failed', 'X.xml.error.json')), 'the outcomes');
      await until(() => outcome('X').kind === 'accepted', 'X accepted');

      const sent = outcome('D-1');
      expect(sent).toMatchObject({ kind: 'accepted', erpId: 'D-1' });
      expect(sent.ksefNumber).toMatch(new RegExp(`^${DEMO_NIP}-`));
      expect(readFileSync(join(base, 'outcomes', 'D-1.upo.xml'), 'utf8')).toContain(sent.ksefNumber);
      expect(existsSync(join(base, 'processed', 'D-1.json'))).toBe(true);

      const refused = outcome('D-2');
      expect(refused).toMatchObject({ kind: 'invalid', erpId: 'D-2' });
      expect(refused.errors).toEqual([expect.objectContaining({ field: '/lines/0/vatRate', source: { kind: 'file', file: 'D-2.json' } })]);
      expect(existsSync(join(base, 'failed', 'D-2.json'))).toBe(true);

      // X.json sorts first and is sent; X.xml is not dropped silently: it waits in failed/ with the reason beside it.
      expect(outcome('X').ksefNumber).toMatch(new RegExp(`^${DEMO_NIP}-`));
      expect(existsSync(join(base, 'processed', 'X.json'))).toBe(true);
      expect(existsSync(join(base, 'failed', 'X.xml'))).toBe(true);
      const clash = JSON.parse(readFileSync(join(base, 'failed', 'X.xml.error.json'), 'utf8'));
      expect(clash).toMatchObject({ kind: 'refused', file: 'X.xml', erpId: 'X', errors: [{ code: 'GW_INBOX_ERP_ID_COLLISION' }] });
      expect(clash.errors[0].message).toContain('X.json');
    } finally {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
