import type { CsvMappingInput } from './CsvMapping.js';

const optional = (column: string) => ({ column, optional: true });

/**
 * The mapping used when none is configured: one row per invoice line, columns named as below (README "Default
 * mapping"). Only the columns every invoice needs are required; the others may be left out of the file.
 */
export const defaultMapping: CsvMappingInput = {
  layout: 'lines',
  documentId: { column: 'document_id', optional: true, default: 'number' },
  valueMaps: {
    vat: {
      '23': '23', '23%': '23', '22': '22', '8': '8', '8%': '8', '7': '7', '5': '5', '5%': '5', '4': '4', '3': '3',
      '0': '0 KR', '0%': '0 KR', '0 KR': '0 KR', '0 WDT': '0 WDT', WDT: '0 WDT', '0 EX': '0 EX', EX: '0 EX',
      zw: 'zw', ZW: 'zw', oo: 'oo', OO: 'oo', 'np I': 'np I', 'np II': 'np II', NP: 'np II', np: 'np II',
    },
    payment: {
      transfer: 'transfer', przelew: 'transfer', cash: 'cash', 'gotówka': 'cash', gotowka: 'cash', card: 'card',
      karta: 'card', voucher: 'voucher', bon: 'voucher', cheque: 'cheque', czek: 'cheque', credit: 'credit',
      kredyt: 'credit', mobile: 'mobile', '1': 'cash', '2': 'card', '3': 'voucher', '4': 'cheque', '5': 'credit',
      '6': 'transfer', '7': 'mobile',
    },
  },
  fields: {
    kind: optional('kind'),
    number: 'number',
    issueDate: 'issue_date',
    saleDate: optional('sale_date'),
    issuePlace: optional('issue_place'),
    currency: { column: 'currency', optional: true, default: { const: 'PLN' } },
    exchangeRate: optional('exchange_rate'),
    calculation: optional('calculation'),
    'seller.nip': { column: 'seller_nip', split: 'number' },
    'seller.name': 'seller_name',
    'seller.address.country': { column: 'seller_country', optional: true, default: { const: 'PL' } },
    'seller.address.line1': 'seller_address1',
    'seller.address.line2': optional('seller_address2'),
    'buyer.id.country': { column: 'buyer_nip', optional: true, split: 'country' },
    'buyer.id.nip': { column: 'buyer_nip', optional: true, split: 'number' },
    'buyer.name': optional('buyer_name'),
    'buyer.address.country': { column: 'buyer_country', optional: true, default: { const: 'PL' } },
    'buyer.address.line1': optional('buyer_address1'),
    'buyer.address.line2': optional('buyer_address2'),
    'payment.dueDates.0': optional('due_date'),
    'payment.method': { column: 'payment_method', optional: true, map: 'payment' },
    'payment.bankAccounts.0.number': optional('bank_account'),
    'notes.0': optional('note'),
    // Corrections (kind KOR): the corrected invoice by KSeF number, number and date, or by its document id.
    'correction.of.ksefNumber': optional('corrected_ksef_number'),
    'correction.of.number': optional('corrected_number'),
    'correction.of.issueDate': optional('corrected_issue_date'),
    'correction.of.erpId': optional('corrected_document_id'),
    'correction.reason': optional('correction_reason'),
    // Advance invoices (ZAL): the advance received (gross); settlements (ROZ): the advance invoice they deduct.
    'advance.amount': optional('advance_amount'),
    'advance.receivedDate': optional('advance_received_date'),
    'advances.0.invoice.erpId': optional('advance_document_id'),
  },
  lines: {
    name: 'line_name',
    quantity: 'quantity',
    unit: optional('unit'),
    unitPrice: 'unit_price',
    discount: optional('discount'),
    vatRate: { column: 'vat_rate', map: 'vat' },
    pkwiu: optional('pkwiu'),
    gtu: optional('gtu'),
    // In a correction the line's own columns are the line after it, these the same line before it.
    'before.name': optional('before_line_name'),
    'before.quantity': optional('before_quantity'),
    'before.unit': optional('before_unit'),
    'before.unitPrice': optional('before_unit_price'),
    'before.discount': optional('before_discount'),
    'before.vatRate': { column: 'before_vat_rate', optional: true, map: 'vat' },
  },
};
