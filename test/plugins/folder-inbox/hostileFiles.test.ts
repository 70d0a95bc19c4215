import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { FolderInbox, type FolderInboxOptions } from '../../../plugins/folder-inbox/FolderInbox.js';
import { inboxFolders } from '../../../plugins/folder-inbox/InboxFolders.js';
import { outcomeName } from '../../../plugins/folder-inbox/outcomeName.js';

const XML = '<?xml version="1.0" encoding="UTF-8"?>\n<Faktura/>';

async function inbox(options: Partial<FolderInboxOptions> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'gw-inbox-hostile-'));
  const folders = inboxFolders({ inbox: join(dir, 'in') }, dir);
  const plugin = new FolderInbox(folders, { urgent: false, stableForMs: 0, followSymlinks: false, otherEncodings: 'refuse', ...options }, pino({ level: 'silent' }));
  await plugin.start();
  return { dir, folders, plugin };
}

const refusal = (failed: string, name: string) => JSON.parse(readFileSync(join(failed, `${name}.error.json`), 'utf8'));
const accepted = (erpId: string) => ({
  kind: 'accepted' as const, documentId: `doc-${erpId}`, erpId, ksefNumber: `K-${erpId}`, acquisitionDate: '2026-01-01T00:00:00Z',
  upoXml: `<Upo>${erpId}</Upo>`, invoiceHash: 'h', verificationUrl: 'u',
});

describe('folder-inbox: ERP id collisions', () => {
  it('refuses the second of X.json and X.xml dropped together with an explicit collision outcome', async () => {
    const { folders, plugin } = await inbox();
    writeFileSync(join(folders.inbox, 'X.xml'), XML);
    writeFileSync(join(folders.inbox, 'X.json'), '{"Naglowek":{}}');
    const docs = await plugin.poll();
    expect(docs.map((d) => [d.erpId, d.payload.format])).toEqual([['X', 'fa3-json']]);
    expect(existsSync(join(folders.failed, 'X.xml'))).toBe(true);
    expect(refusal(folders.failed, 'X.xml')).toMatchObject({ kind: 'refused', file: 'X.xml', erpId: 'X', errors: [{ code: 'GW_INBOX_ERP_ID_COLLISION' }] });
    expect(refusal(folders.failed, 'X.xml').errors[0].message).toMatch(/X\.json/);
  });

  it('refuses X.json dropped after X.xml was taken, instead of filing it as processed', async () => {
    const { folders, plugin } = await inbox();
    writeFileSync(join(folders.inbox, 'X.xml'), XML);
    await plugin.poll();
    await plugin.onSubmitted({ documentId: 'd1', erpId: 'X', state: 'queued', duplicate: false });
    writeFileSync(join(folders.inbox, 'X.json'), '{"Naglowek":{}}');
    expect((await plugin.poll()).map((d) => d.erpId)).toEqual(['X']);
    await plugin.onSubmitted({ documentId: 'd1', erpId: 'X', state: 'queued', duplicate: true });
    expect(existsSync(join(folders.processed, 'X.json'))).toBe(false);
    expect(existsSync(join(folders.failed, 'X.json'))).toBe(true);
    expect(refusal(folders.failed, 'X.json').errors[0]).toMatchObject({ code: 'GW_INBOX_ERP_ID_COLLISION' });
    expect(refusal(folders.failed, 'X.json').errors[0].message).toMatch(/X\.xml.*document d1/);
  });

  it('refuses a file re-dropped under a taken name with other content, and files the same bytes offered again as processed', async () => {
    const { folders, plugin } = await inbox();
    writeFileSync(join(folders.inbox, 'X.xml'), XML);
    await plugin.poll();
    await plugin.onSubmitted({ documentId: 'd1', erpId: 'X', state: 'queued', duplicate: false });
    writeFileSync(join(folders.inbox, 'X.xml'), XML);
    await plugin.poll();
    await plugin.onSubmitted({ documentId: 'd1', erpId: 'X', state: 'queued', duplicate: true });
    expect(existsSync(join(folders.failed, 'X.xml'))).toBe(false);
    writeFileSync(join(folders.inbox, 'X.xml'), XML.replace('<Faktura/>', '<Faktura>2</Faktura>'));
    await plugin.poll();
    await plugin.onSubmitted({ documentId: 'd1', erpId: 'X', state: 'queued', duplicate: true });
    expect(readFileSync(join(folders.failed, 'X.xml'), 'utf8')).toContain('<Faktura>2</Faktura>');
    expect(readFileSync(join(folders.processed, 'X.xml'), 'utf8')).toBe(XML);
  });

  it('files a document the gateway already holds as processed when it was left in the inbox by a stop before the move', async () => {
    const { folders, plugin } = await inbox();
    writeFileSync(join(folders.inbox, 'X.xml'), XML);
    await plugin.poll();
    await plugin.onSubmitted({ documentId: 'd1', erpId: 'X', state: 'queued', duplicate: true });
    expect(existsSync(join(folders.processed, 'X.xml'))).toBe(true);
    expect(readdirSync(folders.failed)).toEqual([]);
  });
});

describe('folder-inbox: outcome file names', () => {
  it.each([
    ['x y', 'x_y'], ['发票一', '发票二'], ['FV-🧾', 'FV-🎉'], ['a/b', 'a_b'], ['.hidden', '%2Ehidden'], ['x~1', 'x%7E1'],
  ])('gives %s and %s outcomes of their own, from which the ERP id reads back', async (a, b) => {
    const { folders, plugin } = await inbox();
    await plugin.deliver(accepted(a));
    await plugin.deliver(accepted(b));
    const files = readdirSync(folders.outcomes).filter((f) => f.endsWith('.json')).sort();
    expect(files).toHaveLength(2);
    for (const f of files) {
      const body = JSON.parse(readFileSync(join(folders.outcomes, f), 'utf8'));
      expect(decodeURIComponent(f.slice(0, -'.json'.length))).toBe(body.erpId);
      expect(readFileSync(join(folders.outcomes, `${f.slice(0, -'.json'.length)}.upo.xml`), 'utf8')).toBe(`<Upo>${body.erpId}</Upo>`);
    }
  });

  it('delivers the outcome and UPO of a 250-character file name, and refuses a bad one with its reason beside it', async () => {
    const { folders, plugin } = await inbox();
    const long = `${'F'.repeat(246)}`;
    writeFileSync(join(folders.inbox, `${long}.xml`), XML);
    expect((await plugin.poll()).map((d) => d.erpId)).toEqual([long]);
    await plugin.onSubmitted({ documentId: 'd1', erpId: long, state: 'queued', duplicate: false });
    await plugin.deliver(accepted(long));
    const outcome = readdirSync(folders.outcomes).find((f) => f.endsWith('.json'))!;
    expect(JSON.parse(readFileSync(join(folders.outcomes, outcome), 'utf8')).erpId).toBe(long);
    expect(Buffer.byteLength(outcome)).toBeLessThanOrEqual(255);
    expect(readdirSync(folders.outcomes).filter((f) => f.endsWith('.upo.xml'))).toHaveLength(1);

    const chinese = '发'.repeat(80); // 240 bytes of UTF-8, 720 once percent-encoded
    await plugin.deliver(accepted(chinese));
    expect(readdirSync(folders.outcomes).filter((f) => f.endsWith('.json'))).toHaveLength(2);
    expect(outcomeName(chinese)).not.toBe(outcomeName(`${'发'.repeat(79)}票`));

    writeFileSync(join(folders.inbox, `${'B'.repeat(246)}.json`), '{ broken');
    await plugin.poll();
    expect(readdirSync(folders.failed).filter((f) => f.endsWith('.error.json'))).toHaveLength(1);
  });
});

describe('folder-inbox: what is not a plain file', () => {
  it('never blocks on a FIFO named *.xml: refuses it at once and still offers the other files', async () => {
    const { folders, plugin } = await inbox();
    execFileSync('mkfifo', [join(folders.inbox, 'A-fifo.xml')]);
    writeFileSync(join(folders.inbox, 'B-1.xml'), XML);
    const docs = await Promise.race([plugin.poll(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('poll blocked')), 5_000))]);
    expect(docs.map((d) => d.erpId)).toEqual(['B-1']);
    expect(refusal(folders.failed, 'A-fifo.xml').errors[0].code).toBe('GW_INBOX_NOT_A_FILE');
  });

  it('refuses a symbolic link to a file outside the inbox unless followSymlinks is set', async () => {
    const { dir, folders, plugin } = await inbox();
    writeFileSync(join(dir, 'outside.xml'), XML);
    symlinkSync(join(dir, 'outside.xml'), join(folders.inbox, 'L-1.xml'));
    writeFileSync(join(folders.inbox, 'M-1.xml'), XML);
    expect((await plugin.poll()).map((d) => d.erpId)).toEqual(['M-1']);
    expect(refusal(folders.failed, 'L-1.xml').errors[0].code).toBe('GW_INBOX_SYMLINK');

    const following = await inbox({ followSymlinks: true });
    symlinkSync(join(dir, 'outside.xml'), join(following.folders.inbox, 'L-2.xml'));
    expect((await following.plugin.poll()).map((d) => d.erpId)).toEqual(['L-2']);
  });

  it('refuses a folder named *.xml and a dangling link without holding up the others', async () => {
    const { dir, folders, plugin } = await inbox({ followSymlinks: true });
    mkdirSync(join(folders.inbox, 'D-1.xml'));
    symlinkSync(join(dir, 'missing.xml'), join(folders.inbox, 'D-2.xml'));
    writeFileSync(join(folders.inbox, 'D-3.xml'), XML);
    expect((await plugin.poll()).map((d) => d.erpId)).toEqual(['D-3']);
    expect(refusal(folders.failed, 'D-1.xml').errors[0].code).toBe('GW_INBOX_NOT_A_FILE');
    expect(refusal(folders.failed, 'D-2.xml').errors[0].code).toBe('GW_INBOX_UNREADABLE');
    expect(readdirSync(folders.inbox)).toEqual(['D-3.xml']);
  });
});

describe('folder-inbox: a file is taken only when complete', () => {
  it('waits until a file being written has kept its size for stableForMs', async () => {
    const { folders, plugin } = await inbox({ stableForMs: 400 });
    const path = join(folders.inbox, 'S-1.xml');
    writeFileSync(path, XML.slice(0, 20));
    expect(await plugin.poll()).toEqual([]);
    await new Promise((r) => setTimeout(r, 250));
    appendFileSync(path, XML.slice(20, 30));
    expect(await plugin.poll()).toEqual([]);
    await new Promise((r) => setTimeout(r, 250));
    appendFileSync(path, XML.slice(30));
    expect(await plugin.poll()).toEqual([]);
    expect(readdirSync(folders.failed)).toEqual([]);
    await new Promise((r) => setTimeout(r, 600));
    const docs = await plugin.poll();
    expect(docs).toEqual([{ erpId: 'S-1', urgent: false, payload: { format: 'fa3-xml', xml: XML } }]);
  });

  it('takes at once a file renamed in from a temporary name whose writing ended earlier, and ignores the temporary name', async () => {
    const { folders, plugin } = await inbox({ stableForMs: 60_000 });
    writeFileSync(join(folders.inbox, '.R-1.xml'), XML);
    writeFileSync(join(folders.inbox, 'R-1.xml.part'), XML);
    expect(await plugin.poll()).toEqual([]);
    const past = new Date(Date.now() - 120_000);
    utimesSync(join(folders.inbox, '.R-1.xml'), past, past);
    renameSync(join(folders.inbox, '.R-1.xml'), join(folders.inbox, 'R-1.xml'));
    expect((await plugin.poll()).map((d) => d.erpId)).toEqual(['R-1']);
  });
});

describe('folder-inbox: bytes are never altered', () => {
  const krakowUtf8Declared = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<Faktura><Miasto>Krak'), Buffer.from([0xf3]), Buffer.from('w</Miasto></Faktura>')]);
  const krakow1250 = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="windows-1250"?>\n<Faktura><Miasto>Krak'), Buffer.from([0xf3]), Buffer.from('w</Miasto></Faktura>')]);

  it('refuses Windows-1250 bytes in a file that declares UTF-8, naming line and column, instead of sending U+FFFD', async () => {
    const { folders, plugin } = await inbox();
    writeFileSync(join(folders.inbox, 'W-1.xml'), krakowUtf8Declared);
    writeFileSync(join(folders.inbox, 'W-2.json'), Buffer.concat([Buffer.from('{"Miasto":"Krak'), Buffer.from([0xf3]), Buffer.from('w"}')]));
    expect(await plugin.poll()).toEqual([]);
    expect(refusal(folders.failed, 'W-1.xml').errors[0]).toMatchObject({ code: 'GW_TEXT_INVALID_UTF8', location: 'line 2, column 22' });
    expect(refusal(folders.failed, 'W-2.json').errors[0]).toMatchObject({ code: 'GW_TEXT_INVALID_UTF8', location: 'line 1, column 16' });
  });

  it('refuses a file declaring windows-1250 by default, and transcodes it exactly when configured', async () => {
    const refusing = await inbox();
    writeFileSync(join(refusing.folders.inbox, 'E-1.xml'), krakow1250);
    expect(await refusing.plugin.poll()).toEqual([]);
    expect(refusal(refusing.folders.failed, 'E-1.xml').errors[0].code).toBe('GW_TEXT_ENCODING_REFUSED');

    const transcoding = await inbox({ otherEncodings: 'transcode' });
    writeFileSync(join(transcoding.folders.inbox, 'E-1.xml'), krakow1250);
    expect(await transcoding.plugin.poll()).toEqual([{
      erpId: 'E-1', urgent: false, payload: { format: 'fa3-xml', xml: '<?xml version="1.0" encoding="UTF-8"?>\n<Faktura><Miasto>Kraków</Miasto></Faktura>' },
    }]);
  });

  it('refuses a byte the declared encoding does not define rather than sending a replacement character', async () => {
    const { folders, plugin } = await inbox({ otherEncodings: 'transcode' });
    writeFileSync(join(folders.inbox, 'E-2.xml'), Buffer.concat([krakow1250.subarray(0, -20), Buffer.from([0x98]), krakow1250.subarray(-20)]));
    expect(await plugin.poll()).toEqual([]);
    expect(refusal(folders.failed, 'E-2.xml').errors[0].code).toBe('GW_TEXT_NOT_IN_ENCODING');
  });
});
