import { describeSource, sourceFor, type DraftSources } from '../../../core/plugin-api/index.js';

describe('draft source locations', () => {
  const sources: DraftSources = {
    '': { kind: 'file', file: 'feb.csv', row: 2 },
    '/lines/0': { kind: 'file', file: 'feb.csv', row: 3 },
    '/lines/0/unitPrice': { kind: 'file', file: 'feb.csv', row: 3, column: 'price' },
  };

  it('finds the most precise source recorded for a field or one of its ancestors', () => {
    expect(sourceFor(sources, '/lines/0/unitPrice')).toEqual({ kind: 'file', file: 'feb.csv', row: 3, column: 'price' });
    expect(sourceFor(sources, '/lines/0/vatRate')).toEqual({ kind: 'file', file: 'feb.csv', row: 3 });
    expect(sourceFor(sources, '/lines/10/vatRate')).toEqual({ kind: 'file', file: 'feb.csv', row: 2 });
    expect(sourceFor({ '/lines/1': { kind: 'json', pointer: '/items/1' } }, '/lines/10')).toBeUndefined();
    expect(sourceFor(undefined, '/number')).toBeUndefined();
  });

  it('describes each kind of source for ERP users', () => {
    expect(describeSource({ kind: 'file', file: 'feb.csv', row: 3, column: 'price' })).toBe('feb.csv row 3 column price');
    expect(describeSource({ kind: 'idoc', idoc: '4711', segment: 'E1EDP01', segmentNumber: 3, field: 'MENGE' }))
      .toBe('IDoc 4711 segment E1EDP01 #3 field MENGE');
    expect(describeSource({ kind: 'json', pointer: '/items/2/price', document: 'POST /invoices' })).toBe('POST /invoices /items/2/price');
  });
});
