import { buildUpo } from '../../../../adapters/ksef-simulator/upo/buildUpo.js';
import { upoIssues } from '../support/upoXsd.js';

const doc = {
  sellerNip: '5265877635', ksefNumber: '5265877635-20250826-0100001AF629-AF', invoiceNumber: 'FV/1 & <2>', issueDate: '2025-08-26',
  sentAt: '2025-08-26T10:00:00.000Z', acquisitionDate: '2025-08-26T10:00:01.000Z', invoiceHash: 'A'.repeat(43) + '=', mode: 'Online' as const,
};
const formCode = { systemCode: 'FA (3)', schemaVersion: '1-0E', value: 'FA' };

describe('buildUpo', () => {
  it('builds an invoice UPO that validates against upo-v4-3.xsd, escaping the invoice number', () => {
    const xml = buildUpo({ sessionRef: '20250625-SO-2C3E6C8000-B675CF5D68-07', context: { type: 'Nip', value: '5265877635' },
      auth: { tokenRef: '20251010-EC-1DCE3E3000-12ECB5B36E-45' }, formCode, documents: [doc] });
    expect(upoIssues(xml)).toEqual([]);
    expect(xml).toContain('<NumerFaktury>FV/1 &amp; &lt;2&gt;</NumerFaktury>');
    expect(xml).toContain('<NazwaStrukturyLogicznej>Schemat_FA(3)_v1-0E.xsd</NazwaStrukturyLogicznej>');
  });

  it('builds a session UPO page for an InternalId context authenticated by signature', () => {
    const xml = buildUpo({ sessionRef: '20250626-SB-213D593000-4DE10D80A5-E9', context: { type: 'InternalId', value: '5265877635-12345' },
      auth: { documentHash: 'B'.repeat(43) + '=' }, formCode, documents: [doc, { ...doc, ksefNumber: '5265877635-20250626-010080DD2B5E-26', mode: 'Offline' }],
      page: { number: 1, pages: 1, from: 1, to: 3, total: 2 } });
    expect(upoIssues(xml)).toEqual([]);
    expect(xml).toContain('<IdWewnetrzny>5265877635-12345</IdWewnetrzny>');
  });
});
