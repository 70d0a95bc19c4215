import yazl from 'yazl';
import { readZip } from '../../../../adapters/ksef-simulator/processing/readZip.js';
import { unpackArchive } from '../../../../adapters/ksef-simulator/processing/unpackArchive.js';

interface Entry { name: string; data?: Buffer; compress?: boolean; zip64?: boolean }

function zip(entries: Entry[]): Promise<Buffer> {
  const z = new yazl.ZipFile();
  for (const e of entries) {
    if (e.data) z.addBuffer(e.data, e.name, { compress: e.compress ?? true, forceZip64Format: e.zip64 ?? false });
    else z.addEmptyDirectory(e.name);
  }
  z.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    z.outputStream.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
  });
}

const xml = (n: number): Buffer => Buffer.from(`<Faktura><P_2>${n}</P_2>${'<FaWiersz>x</FaWiersz>'.repeat(n)}</Faktura>`);

describe('readZip', () => {
  it('reads deflated and stored entries in archive order, skipping directories, as yauzl does', async () => {
    const archive = await zip([
      { name: 'a.xml', data: xml(30) }, { name: 'dir/' }, { name: 'dir/b.xml', data: xml(2), compress: false }, { name: 'żółw.xml', data: Buffer.alloc(0) },
    ]);
    const files = readZip(archive);
    expect(files?.map((f) => [f.name, f.data.toString()])).toEqual([['a.xml', xml(30).toString()], ['dir/b.xml', xml(2).toString()], ['żółw.xml', '']]);
  });

  it('leaves a ZIP64 archive to yauzl, which still unpacks it', async () => {
    const archive = await zip([{ name: 'a.xml', data: xml(3), zip64: true }]);
    expect(readZip(archive)).toBeUndefined();
    expect((await unpackArchive(archive, 'Zip')).map((f) => f.name)).toEqual(['a.xml']);
  });

  it('refuses an entry whose bytes do not match its CRC-32', async () => {
    const archive = await zip([{ name: 'a.xml', data: xml(3), compress: false }]);
    const at = archive.indexOf('<P_2>');
    archive[at + 1] = 'Q'.charCodeAt(0);
    expect(() => readZip(archive)).toThrow(/CRC-32/);
    await expect(unpackArchive(archive, 'Zip')).rejects.toThrow();
  });

  it('refuses an entry that inflates beyond its declared size', async () => {
    const archive = await zip([{ name: 'a.xml', data: xml(50) }]);
    const central = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    archive.writeUInt32LE(10, central + 24);
    expect(() => readZip(archive)).toThrow();
  });

  it.each(['../evil.xml', '/abs.xml', 'C:/evil.xml', 'a\\..\\e.xml'])('refuses the file name %s, as yauzl does', async (name) => {
    const archive = await zip([{ name: 'placeholder.xml', data: xml(1) }]);
    const patched = Buffer.from(archive.toString('latin1').split('placeholder.xml').join(name.padEnd(15, 'x').slice(0, 15)), 'latin1');
    expect(() => readZip(patched)).toThrow(/invalid file name/);
    await expect(unpackArchive(patched, 'Zip')).rejects.toThrow();
  });

  it('reads backslashes in names as slashes, as yauzl does', async () => {
    const archive = await zip([{ name: 'dir_b.xml', data: xml(1) }]);
    const patched = Buffer.from(archive.toString('latin1').split('dir_b.xml').join('dir\\b.xml'), 'latin1');
    expect(readZip(patched)?.map((f) => f.name)).toEqual(['dir/b.xml']);
  });

  it('refuses bytes that are not a ZIP', () => {
    expect(() => readZip(Buffer.from('not a zip archive at all, just text'))).toThrow();
  });
});
