/** A ustar archive of small files (names under 100 bytes: `{ksefNumber}.xml` is 40), for TarGz packages. */
export function writeTar(files: readonly { name: string; data: Buffer }[], at: Date): Buffer {
  const chunks: Buffer[] = [];
  const mtime = Math.floor(at.getTime() / 1000);
  for (const f of files) {
    const h = Buffer.alloc(512);
    h.write(f.name, 0, 100, 'utf8');
    h.write('0000644\0', 100, 'ascii');
    h.write('0000000\0', 108, 'ascii');
    h.write('0000000\0', 116, 'ascii');
    h.write(`${f.data.length.toString(8).padStart(11, '0')}\0`, 124, 'ascii');
    h.write(`${mtime.toString(8).padStart(11, '0')}\0`, 136, 'ascii');
    h.write('        ', 148, 'ascii');
    h.write('0', 156, 'ascii');
    h.write('ustar\0', 257, 'ascii');
    h.write('00', 263, 'ascii');
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
    chunks.push(h, f.data, Buffer.alloc((512 - (f.data.length % 512)) % 512));
  }
  chunks.push(Buffer.alloc(1024));
  return Buffer.concat(chunks);
}
