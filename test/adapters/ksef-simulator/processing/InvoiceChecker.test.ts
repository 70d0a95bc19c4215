/* eslint-disable @typescript-eslint/no-explicit-any -- the reference parse is an untyped tree */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { DefaultInvoiceChecker, warsawDay } from '../../../../adapters/ksef-simulator/processing/InvoiceChecker.js';
import { decimalSum } from '../../../../adapters/ksef-simulator/processing/decimalSum.js';
import type { InvoiceMeta } from '../../../../adapters/ksef-simulator/store/records.js';
import { SimXsd } from '../../../../adapters/ksef-simulator/processing/SimXsd.js';
import { FA3_SAMPLES_DIR, SCHEMAS_DIR } from '../../../support/sharedDir.js';

const FORM = { systemCode: 'FA (3)', schemaVersion: '1-0E', value: 'FA' };
const NOW = new Date('2030-01-01T12:00:00Z');
const checker = new DefaultInvoiceChecker();
const check = (xml: string | Buffer, attachmentsAllowed = true) =>
  checker.check({ xml: Buffer.isBuffer(xml) ? xml : Buffer.from(xml, 'utf8'), attachmentsAllowed, now: NOW, formCode: FORM });

/** The metadata as read from the whole parsed tree: what the checker read before it scanned only the fields it needs. */
function metaFromTree(xml: string): Partial<InvoiceMeta> {
  const tree = new XMLParser({ removeNSPrefix: true, parseTagValue: false, ignoreAttributes: true }).parse(xml) as Record<string, any>;
  const fa = tree.Faktura.Fa;
  const seller = tree.Faktura.Podmiot1.DaneIdentyfikacyjne;
  const buyer = tree.Faktura.Podmiot2?.DaneIdentyfikacyjne ?? {};
  const sum = (re: RegExp): string => decimalSum(Object.keys(fa).filter((k) => re.test(k)).map((k) => String(fa[k])));
  return {
    sellerNip: seller.NIP, sellerName: seller.Nazwa, buyerName: buyer.Nazwa, issueDate: fa.P_1, currency: fa.KodWaluty,
    net: sum(/^P_13_\d+$/), vat: sum(/^P_14_\d+$/), gross: fa.P_15, invoiceType: fa.RodzajFaktury,
    buyerId: buyer.NIP ?? (buyer.NrVatUE ? `${buyer.KodUE ?? ''}${buyer.NrVatUE}` : buyer.NrID),
  };
}

describe('DefaultInvoiceChecker without schemas', () => {
  const samples = readdirSync(FA3_SAMPLES_DIR).filter((f) => f.endsWith('.xml'));

  it.each(samples)('reads the same metadata from %s as a full parse does', (file) => {
    const xml = readFileSync(join(FA3_SAMPLES_DIR, file), 'utf8');
    const result = check(xml);
    if (!result.ok) throw new Error(JSON.stringify(result.status));
    expect(result.meta).toMatchObject(metaFromTree(xml));
    expect(result.invoiceNumber).toBe((new XMLParser({ removeNSPrefix: true, parseTagValue: false }).parse(xml) as any).Faktura.Fa.P_2);
  });

  it('answers 430 for a file that is not well-formed, naming the line', () => {
    const xml = readFileSync(join(FA3_SAMPLES_DIR, 'FA_3_Przyklad_1.xml'), 'utf8').replace('</Podmiot1>', '</Podmiot2>');
    const result = check(xml);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.status.code).toBe(430);
    expect(result.status.details?.[0]).toMatch(/^Nieprawidłowy XML: .*\(linia \d+\)\.$/);
  });

  it.each([['without entities', '<!DOCTYPE Faktura>'], ['with an internal subset', '<!DOCTYPE Faktura [<!ENTITY a "x">]>']])(
    'answers 430 for an invoice with a DOCTYPE %s, as KSeF does',
    (_label, doctype) => {
      const xml = readFileSync(join(FA3_SAMPLES_DIR, 'FA_3_Przyklad_1.xml'), 'utf8').replace('<Faktura', `${doctype}\n<Faktura`);
      for (const c of [checker, new DefaultInvoiceChecker(SimXsd.load(SCHEMAS_DIR))]) {
        const result = c.check({ xml: Buffer.from(xml), attachmentsAllowed: true, now: NOW, formCode: FORM });
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.status.code).toBe(430);
        expect(result.status.details?.[0]).toMatch(/DOCTYPE/);
      }
    },
  );

  it('answers 450 for a well-formed document that is not an FA(3) invoice', () => {
    const result = check('<?xml version="1.0" encoding="UTF-8"?><Faktura2><Fa><P_2>1</P_2></Fa></Faktura2>');
    expect(!result.ok && result.status.code).toBe(450);
  });

  it('answers 415 for an attachment where attachments are off', () => {
    const xml = readFileSync(join(FA3_SAMPLES_DIR, 'FA_3_Przyklad_1.xml'), 'utf8')
      .replace('</Faktura>', '<Zalacznik><BlokDanych><MetaDane><ZKlucz>k</ZKlucz><ZWartosc>v</ZWartosc></MetaDane></BlokDanych></Zalacznik></Faktura>');
    expect(check(xml, true).ok).toBe(true);
    const refused = check(xml, false);
    expect(!refused.ok && refused.status.code).toBe(415);
  });
});

describe('warsawDay', () => {
  it('turns at Warsaw midnight, in winter and summer time, also when asked within the same minute again', () => {
    expect(warsawDay(new Date('2026-01-10T22:59:59.999Z'))).toBe('2026-01-10');
    expect(warsawDay(new Date('2026-01-10T22:59:00.000Z'))).toBe('2026-01-10');
    expect(warsawDay(new Date('2026-01-10T23:00:00.000Z'))).toBe('2026-01-11');
    expect(warsawDay(new Date('2026-07-10T21:59:30.000Z'))).toBe('2026-07-10');
    expect(warsawDay(new Date('2026-07-10T22:00:00.000Z'))).toBe('2026-07-11');
    expect(warsawDay(new Date('2026-07-10T21:59:59.000Z'))).toBe('2026-07-10');
  });
});
