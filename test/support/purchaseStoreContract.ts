import type { PurchaseStore, ReceivedInvoice } from '../../core/purchases/ports/PurchaseStore.js';

export interface PurchaseStoreUnderTest {
  readonly store: PurchaseStore;
  /** A second handle on the same database (another gateway instance). */
  readonly another: () => Promise<PurchaseStore>;
  readonly close: () => Promise<void>;
}

const BUYER = '1111111111';

export function invoice(n: number, over: Partial<ReceivedInvoice> = {}): ReceivedInvoice {
  const ksefNumber = `9999999999-20261120-${String(n).padStart(12, '0')}-AB`;
  return {
    contextNip: BUYER, ksefNumber, subjectType: 'Subject2', invoiceNumber: `FV/${n}`, sellerNip: '9999999999', issueDate: '2026-11-20',
    acquisitionDate: '2026-11-20T10:00:00.000Z', permanentStorageDate: `2026-11-20T10:00:00.${String(n).padStart(6, '0')}Z`,
    invoiceHash: `hash-${n}`, metadata: { ksefNumber, grossAmount: 123.45 }, xml: Buffer.from(`<Faktura n="${n}">\u0105</Faktura>\n`, 'utf8'),
    receivedAt: 1000 + n, ...over,
  };
}

/** What every PurchaseStore must do, SQLite or PostgreSQL: the sync and the deliveries rely on the port alone. */
export function describePurchaseStoreContract(name: string, make: () => Promise<PurchaseStoreUnderTest>): void {
  describe(`${name} (PurchaseStore contract)`, () => {
    let sut: PurchaseStoreUnderTest;
    beforeEach(async () => {
      sut = await make();
    });
    afterEach(() => sut.close());

    it('keeps an invoice byte for byte with its metadata, and stores a KSeF number once per context', async () => {
      const first = invoice(1);
      expect(await sut.store.storeInvoices([first, invoice(2)], ['erp'])).toEqual([first.ksefNumber, invoice(2).ksefNumber]);
      expect(await sut.store.storeInvoices([invoice(2), invoice(3)], ['erp'])).toEqual([invoice(3).ksefNumber]);
      const got = await sut.store.getInvoice(first.ksefNumber);
      expect(got).toEqual(first);
      expect(got!.xml.equals(first.xml)).toBe(true);
      // The same invoice seen by another context of the gateway is that context's own copy.
      expect(await sut.store.storeInvoices([invoice(1, { contextNip: '3333333333', subjectType: 'Subject3' })], [])).toEqual([first.ksefNumber]);
      expect((await sut.store.listInvoices({ contextNip: BUYER, limit: 10 })).map((i) => i.invoiceNumber)).toEqual(['FV/3', 'FV/2', 'FV/1']);
      expect(await sut.store.listInvoices({ limit: 1, offset: 0 })).toHaveLength(1);
    });

    it('queues one delivery per consumer per new invoice; a claim leases it, an ack ends it, a failure delays it', async () => {
      await sut.store.storeInvoices([invoice(1), invoice(2)], ['a', 'b']);
      await sut.store.storeInvoices([invoice(1)], ['a', 'b']);
      expect(await sut.store.pendingDeliveries()).toEqual({ a: 2, b: 2 });
      const claimed = await sut.store.claimDeliveries('a', 10, 100, 1000);
      expect(claimed.map((d) => [d.invoice.invoiceNumber, d.attempts])).toEqual([['FV/1', 1], ['FV/2', 1]]);
      expect(claimed[0].invoice.xml.equals(invoice(1).xml)).toBe(true);
      expect(await sut.store.claimDeliveries('a', 10, 500, 1000)).toEqual([]);
      const other = await sut.another();
      try {
        expect(await other.claimDeliveries('a', 10, 500, 1000)).toEqual([]);
      } finally {
        await other.close();
      }
      await sut.store.ackDelivery('a', BUYER, invoice(1).ksefNumber, 600);
      await sut.store.failDelivery('a', BUYER, invoice(2).ksefNumber, 'ERP down', 5000);
      expect(await sut.store.claimDeliveries('a', 10, 2000, 1000)).toEqual([]);
      const again = await sut.store.claimDeliveries('a', 10, 5000, 1000);
      expect(again.map((d) => [d.invoice.invoiceNumber, d.attempts])).toEqual([['FV/2', 2]]);
      expect(await sut.store.pendingDeliveries()).toEqual({ a: 1, b: 2 });
    });

    it('advances a cursor, adds up what it received, and keeps its continuation point through an error', async () => {
      expect(await sut.store.cursor(BUYER, 'Subject2')).toBeUndefined();
      await sut.store.advanceCursor(BUYER, 'Subject2', { continueFrom: '2026-11-20T10:00:00Z', hwm: '2026-11-20T10:00:00Z', received: 3, now: 10 });
      await sut.store.recordSyncError(BUYER, 'Subject2', '429 Too Many Requests', 20);
      expect(await sut.store.cursor(BUYER, 'Subject2')).toEqual({ contextNip: BUYER, subjectType: 'Subject2', continueFrom: '2026-11-20T10:00:00Z',
        hwm: '2026-11-20T10:00:00Z', lastSyncAt: 20, lastError: '429 Too Many Requests', received: 3 });
      await sut.store.advanceCursor(BUYER, 'Subject2', { continueFrom: '2026-11-20T11:00:00Z', hwm: null, received: 2, now: 30 });
      expect(await sut.store.cursor(BUYER, 'Subject2')).toMatchObject({ continueFrom: '2026-11-20T11:00:00Z', hwm: '2026-11-20T10:00:00Z', lastError: null, received: 5 });
      expect((await sut.store.cursors()).map((c) => c.subjectType)).toEqual(['Subject2']);
    });

    it('lets one owner at a time hold a context\'s sync lease, across handles, until it expires or is released', async () => {
      const other = await sut.another();
      try {
        expect(await sut.store.tryLease(BUYER, 'one', 0, 1000)).toBe(true);
        expect(await other.tryLease(BUYER, 'two', 500, 1000)).toBe(false);
        expect(await sut.store.tryLease(BUYER, 'one', 900, 1000)).toBe(true);
        expect(await other.tryLease(BUYER, 'two', 1500, 1000)).toBe(false);
        expect(await other.tryLease(BUYER, 'two', 1900, 1000)).toBe(true);
        await other.releaseLease(BUYER, 'two');
        expect(await sut.store.tryLease(BUYER, 'one', 2000, 1000)).toBe(true);
      } finally {
        await other.close();
      }
    });

    it('counts exports started in a window, per context and subject type', async () => {
      await sut.store.logExport(BUYER, 'Subject2', 'R1', 100);
      await sut.store.logExport(BUYER, 'Subject1', 'R2', 200);
      await sut.store.logExport(BUYER, 'Subject2', 'R2', 200);
      await sut.store.logExport('2222222222', 'Subject2', 'R3', 300);
      expect(await sut.store.exportsSince(BUYER, 0)).toBe(2);
      expect(await sut.store.exportsSince(BUYER, 150)).toBe(1);
      expect(await sut.store.exportsSince(BUYER, 0, 'Subject2')).toBe(1);
    });
  });
}
