import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { FolderInbox, type FolderInboxOptions } from '../../../plugins/folder-inbox/FolderInbox.js';
import { inboxFolders } from '../../../plugins/folder-inbox/InboxFolders.js';

async function inbox(urgent = false, options: Partial<FolderInboxOptions> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'gw-inbox-'));
  const folders = inboxFolders({ inbox: join(dir, 'in') }, dir);
  const plugin = new FolderInbox(folders, { urgent, stableForMs: 0, followSymlinks: false, otherEncodings: 'refuse', ...options }, pino({ level: 'silent' }));
  await plugin.start();
  return { dir, folders, plugin };
}

describe('folder-inbox', () => {
  it('offers .xml as FA(3) XML and .json as canonical JSON, in file-name order, ignoring other files', async () => {
    const { folders, plugin } = await inbox(true);
    writeFileSync(join(folders.inbox, 'B-2.json'), '{"Naglowek":{}}');
    writeFileSync(join(folders.inbox, 'A-1.xml'), '<Faktura/>');
    writeFileSync(join(folders.inbox, 'notes.txt'), 'ignore me');
    const docs = await plugin.poll();
    expect(docs).toEqual([
      { erpId: 'A-1', urgent: true, payload: { format: 'fa3-xml', xml: '<Faktura/>' } },
      { erpId: 'B-2', urgent: true, payload: { format: 'fa3-json', invoice: { Naglowek: {} } } },
    ]);
  });

  it('offers a .json file with a lower-case kind as an invoice draft that names its file, and FA(3) element names as canonical JSON', async () => {
    const { folders, plugin } = await inbox();
    const draft = { kind: 'VAT', number: 'FV/1', lines: [] };
    writeFileSync(join(folders.inbox, 'D-1.json'), JSON.stringify(draft));
    writeFileSync(join(folders.inbox, 'D-2.json'), JSON.stringify({ kind: 'VAT', Fa: {} }));
    expect(await plugin.poll()).toEqual([
      { erpId: 'D-1', urgent: false, payload: { format: 'draft', draft, sources: { '': { kind: 'file', file: 'D-1.json' } } } },
      { erpId: 'D-2', urgent: false, payload: { format: 'fa3-json', invoice: { kind: 'VAT', Fa: {} } } },
    ]);
  });

  it('moves a file to processed once the gateway holds it, so it is not offered again', async () => {
    const { folders, plugin } = await inbox();
    writeFileSync(join(folders.inbox, 'A-1.xml'), '<Faktura/>');
    await plugin.poll();
    await plugin.onSubmitted({ documentId: 'd1', erpId: 'A-1', state: 'queued', duplicate: false });
    expect(existsSync(join(folders.processed, 'A-1.xml'))).toBe(true);
    expect(await plugin.poll()).toEqual([]);
  });

  it('reports a stored file it cannot move to processed in its health check, and clears it once the move works', async () => {
    const { folders, plugin } = await inbox();
    rmSync(folders.processed, { recursive: true, force: true });
    writeFileSync(folders.processed, 'not a folder');
    writeFileSync(join(folders.inbox, 'A-1.xml'), '<Faktura/>');
    await plugin.poll();
    await plugin.onSubmitted({ documentId: 'd1', erpId: 'A-1', state: 'queued', duplicate: false });
    expect(await plugin.check()).toMatchObject({ status: 'degraded', detail: expect.stringMatching(/A-1\.xml: not moved to .*processed/) });
    rmSync(folders.processed);
    mkdirSync(folders.processed);
    // Offered again, answered as a duplicate of itself: the move is retried and succeeds.
    expect((await plugin.poll()).map((d) => d.erpId)).toEqual(['A-1']);
    await plugin.onSubmitted({ documentId: 'd1', erpId: 'A-1', state: 'queued', duplicate: true });
    expect(existsSync(join(folders.processed, 'A-1.xml'))).toBe(true);
    expect(await plugin.check()).toEqual({ status: 'up' });
  });

  it('moves unreadable JSON to failed with the reason beside it and still offers the other files', async () => {
    const { folders, plugin } = await inbox();
    writeFileSync(join(folders.inbox, 'A-1.json'), '{ broken');
    writeFileSync(join(folders.inbox, 'A-2.xml'), '<Faktura/>');
    const docs = await plugin.poll();
    expect(docs.map((d) => d.erpId)).toEqual(['A-2']);
    expect(readFileSync(join(folders.failed, 'A-1.json.error.txt'), 'utf8')).toMatch(/^A-1\.json: not valid JSON/);
  });

  it('writes an invalid receipt\'s errors as the outcome and moves the file to failed', async () => {
    const { folders, plugin } = await inbox();
    writeFileSync(join(folders.inbox, 'A-1.xml'), '<Faktura/>');
    await plugin.poll();
    await plugin.onSubmitted({ documentId: 'd1', erpId: 'A-1', state: 'invalid', duplicate: false, errors: [{ code: 'FA3_XSD', message: 'bad', location: 'Fa/P_2' }] });
    expect(JSON.parse(readFileSync(join(folders.outcomes, 'A-1.json'), 'utf8'))).toEqual({
      kind: 'invalid', documentId: 'd1', erpId: 'A-1', errors: [{ code: 'FA3_XSD', message: 'bad', location: 'Fa/P_2' }],
    });
    expect(existsSync(join(folders.failed, 'A-1.xml'))).toBe(true);
  });

  it('keeps the UPO byte for byte and writes the accepted outcome without it', async () => {
    const { folders, plugin } = await inbox();
    const upoXml = '<?xml version="1.0" encoding="UTF-8"?>\r\n<Potwierdzenie>ąę \t</Potwierdzenie>';
    await plugin.deliver({ kind: 'accepted', documentId: 'd1', erpId: 'FV/2026/01', ksefNumber: 'K-1', acquisitionDate: '2026-01-01T00:00:00Z', upoXml, invoiceHash: 'h', verificationUrl: 'u' });
    expect(readFileSync(join(folders.outcomes, 'FV%2F2026%2F01.upo.xml'), 'utf8')).toBe(upoXml);
    const body = JSON.parse(readFileSync(join(folders.outcomes, 'FV%2F2026%2F01.json'), 'utf8'));
    expect(body).toEqual({ kind: 'accepted', documentId: 'd1', erpId: 'FV/2026/01', ksefNumber: 'K-1', acquisitionDate: '2026-01-01T00:00:00Z', invoiceHash: 'h', verificationUrl: 'u' });
  });

  it('reports down when the inbox folder disappears', async () => {
    const { folders, plugin } = await inbox();
    expect(await plugin.check()).toEqual({ status: 'up' });
    rmSync(folders.inbox, { recursive: true });
    expect((await plugin.check()).status).toBe('down');
  });
});
