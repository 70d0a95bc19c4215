import { parseDate } from '../../../plugins/csv/values/parseDate.js';
import { parseDecimal } from '../../../plugins/csv/values/parseDecimal.js';

describe('CSV values', () => {
  it.each([
    ['1234,50', '1234.50'], ['1 234,50', '1234.50'], ['1\u00a0234,50', '1234.50'], ['1.234,50', '1234.50'],
    ['1,234.50', '1234.50'], ['1234.5', '1234.5'], ['-12,30', '-12.30'], ['12,30-', '-12.30'], ['1.234.567', '1234567'],
    ['0', '0'], [',5', '0.5'], ['-0', '0'],
  ])('reads the amount %j as %j with the decimal mark auto-detected', (text, expected) => {
    expect(parseDecimal(text, 'auto')).toBe(expected);
  });

  it('reads a dot as the thousands separator when the decimal mark is declared a comma', () => {
    expect(parseDecimal('1.234', 'comma')).toBe('1234');
    expect(parseDecimal('1.234', 'point')).toBe('1.234');
    expect(parseDecimal('1 234.50', 'point')).toBe('1234.50');
  });

  it.each(['abc', '1,2,3.4.5', '12.34.5', '1 2x', '1e5', '--1', '1.23,45,6'])('refuses %j as an amount', (text) => {
    expect(parseDecimal(text, 'auto')).toBeUndefined();
  });

  it.each([
    ['2026-12-02', '2026-12-02'], ['02.12.2026', '2026-12-02'], ['02/12/2026', '2026-12-02'], ['20261202', '2026-12-02'],
    ['2.12.2026', '2026-12-02'], ['2026-12-02 00:00:00', '2026-12-02'], ['29.02.2028', '2028-02-29'],
  ])('reads the date %j as %j', (text, expected) => {
    expect(parseDate(text, 'auto')).toBe(expected);
  });

  it.each(['31.02.2026', '2026-13-01', '12/31/2026', 'yesterday', '2026120'])('refuses %j as a date', (text) => {
    expect(parseDate(text, 'auto')).toBeUndefined();
  });

  it('reads only the declared date format when one is declared', () => {
    expect(parseDate('02.12.2026', 'YYYY-MM-DD')).toBeUndefined();
    expect(parseDate('02.12.2026', 'DD.MM.YYYY')).toBe('2026-12-02');
  });
});
