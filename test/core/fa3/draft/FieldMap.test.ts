import { FieldMap } from '../../../../core/fa3/draft/FieldMap.js';

describe('FieldMap', () => {
  it('names the draft field of each element of a group, the base for a computed one, and the nearest mapped ancestor otherwise', () => {
    const m = new FieldMap();
    m.set('Podmiot2', '/buyer');
    m.setAll('Fa/FaWiersz[2]', '/lines/1', { P_7: 'name', P_11: '' });
    expect(m.pointerFor('Fa/FaWiersz[2]/P_7')).toBe('/lines/1/name');
    expect(m.pointerFor('Fa/FaWiersz[2]/P_11')).toBe('/lines/1');
    expect(m.pointerFor('Fa/FaWiersz[2]/P_8A')).toBe('/lines/1');
    expect(m.pointerFor('Fa/FaWiersz[2]')).toBe('/lines/1');
    expect(m.pointerFor('Podmiot2/Adres/AdresL1')).toBe('/buyer');
    expect(m.pointerFor('Fa/FaWiersz[3]/P_7')).toBeUndefined();
    expect(m.pointerFor('Fa/FaWiersz[2]/constructor')).toBe('/lines/1');
  });

  it('lets the later of a group and a single mapping of the same element win, in either order', () => {
    const before = new FieldMap();
    before.set('Fa/P_15', '/advance/amount');
    before.setAll('Fa', '', { P_15: 'total' });
    expect(before.pointerFor('Fa/P_15')).toBe('/total');
    const after = new FieldMap();
    after.setAll('Fa', '', { P_15: 'total' });
    after.set('Fa/P_15', '/advance/amount');
    expect(after.pointerFor('Fa/P_15')).toBe('/advance/amount');
  });
});
