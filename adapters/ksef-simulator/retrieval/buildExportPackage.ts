import { createCipheriv } from 'node:crypto';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { sha256b64 } from '../crypto/simCrypto.js';
import type { SimContext } from '../SimContext.js';
import type { ExportPackage, ExportRecord, InvoiceRecord, StatusInfo } from '../store/records.js';
import { invoiceMetadata } from './invoiceMetadata.js';
import { dateOf, selectInvoices, type InvoiceQueryFilters } from './invoiceFilters.js';
import { writeTar } from './writeTar.js';
import { writeZip, type ZipEntry } from './writeZip.js';

const OK: StatusInfo = { code: 200, description: 'Eksport faktur zakończony sukcesem' };

function encrypt(key: Buffer, iv: Buffer, plain: Buffer): Buffer {
  const c = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([c.update(plain), c.final()]);
}

/** Invoices in ascending date order until the count or the compressed-size limit; `_metadata.json` is not counted. */
function cut(sim: SimContext, rec: ExportRecord, all: InvoiceRecord[]): { taken: ZipEntry[]; invoices: InvoiceRecord[]; truncated: boolean } {
  const { maxInvoices, maxPackageBytes } = sim.timings.exportLimits;
  const taken: ZipEntry[] = [];
  const invoices: InvoiceRecord[] = [];
  let bytes = 0;
  for (const inv of all) {
    if (invoices.length >= maxInvoices) return { taken, invoices, truncated: true };
    if (!rec.onlyMetadata) {
      const data = sim.store.getBlob(`invoice:${inv.ksefNumber}`)!;
      const deflated = deflateRawSync(data);
      if (invoices.length > 0 && bytes + deflated.length > maxPackageBytes) return { taken, invoices, truncated: true };
      bytes += deflated.length;
      taken.push({ name: `${inv.ksefNumber}.xml`, data, deflated });
    }
    invoices.push(inv);
  }
  return { taken, invoices, truncated: false };
}

/**
 * Builds an export's package as KSeF does once it has processed the request: selection as of now, the cut, the
 * archive (`{ksefNumber}.xml` + `_metadata.json`), parts of at most `maxPartBytes`, each encrypted on its own with
 * the client's key. Encrypted parts are kept as blobs `export:{ref}:{n}`.
 */
export function buildExportPackage(sim: SimContext, rec: ExportRecord): NonNullable<ExportRecord['result']> {
  const completedDate = sim.now().toISOString();
  if (rec.keyError || !rec.aesKey) return { status: { code: 415, description: 'Błąd odszyfrowania dostarczonego klucza' }, completedDate };
  const filters = rec.filters as InvoiceQueryFilters;
  const selected = selectInvoices(sim, rec.context, filters);
  if (selected.beyondHwm) {
    return { status: { code: 420, description: 'Zakres filtrowania wykracza poza dostępny zakres danych',
      details: ['Parametr dateRange.from jest późniejszy niż PermanentStorageHwmDate przy włączonym restrictToPermanentStorageHwmDate.'] }, completedDate };
  }
  const { taken, invoices, truncated } = cut(sim, rec, selected.invoices);
  const metadata = Buffer.from(JSON.stringify({ invoices: invoices.map(invoiceMetadata) }), 'utf8');
  const files = [...taken, { name: '_metadata.json', data: metadata, deflated: deflateRawSync(metadata) }];
  const archive = rec.compressionType === 'TarGz' ? gzipSync(writeTar(files, sim.now())) : writeZip(files, sim.now());
  const key = Buffer.from(rec.aesKey, 'base64');
  const iv = Buffer.from(rec.iv, 'base64');
  const ext = rec.compressionType === 'TarGz' ? 'tar.gz' : 'zip';
  const parts: ExportPackage['parts'] = [];
  const step = sim.timings.exportLimits.maxPartBytes;
  for (let at = 0, n = 1; at < archive.length || n === 1; at += step, n++) {
    const plain = archive.subarray(at, at + step);
    const enc = encrypt(key, iv, plain);
    sim.store.putBlob(`export:${rec.referenceNumber}:${n}`, enc);
    parts.push({ ordinalNumber: n, partName: `${rec.referenceNumber}-${String(n).padStart(3, '0')}.${ext}.aes`, partSize: plain.length,
      partHash: sha256b64(plain), encryptedPartSize: enc.length, encryptedPartHash: sha256b64(enc) });
  }
  const last = invoices.at(-1);
  const type = filters.dateRange.dateType;
  const pkg: ExportPackage = { invoiceCount: invoices.length, size: archive.length, isTruncated: truncated, parts, permanentStorageHwmDate: selected.hwm };
  if (truncated && last) {
    if (type === 'Issue') pkg.lastIssueDate = dateOf(last, type);
    else if (type === 'Invoicing') pkg.lastInvoicingDate = dateOf(last, type);
    else pkg.lastPermanentStorageDate = dateOf(last, type);
  }
  return { status: OK, completedDate, packageExpirationDate: sim.later(sim.timings.exportLimits.packageLifetimeMs), package: pkg, ksefNumbers: invoices.map((i) => i.ksefNumber!) };
}
