/** XSD `TNrNIP` pattern: structure only, no checksum. */
const NIP_PATTERN = /^[1-9]((\d[1-9])|([1-9]\d))\d{7}$/;
const NIP_WEIGHTS = [6, 5, 7, 2, 3, 4, 5, 6, 7];
const INTERNAL_ID_PATTERN = /^[1-9]((\d[1-9])|([1-9]\d))\d{7}-\d{5}$/;

/**
 * Polish NIP checksum (weights 6,5,7,2,3,4,5,6,7; sum mod 11 is the tenth digit; remainder 10 is never valid).
 * KSeF enforces it in production only (FA3.md §10.1), so a green TEST run proves nothing: we check it everywhere.
 */
export function isValidNip(nip: string): boolean {
  if (!NIP_PATTERN.test(nip)) return false;
  let s = 0;
  for (let i = 0; i < 9; i++) s += NIP_WEIGHTS[i] * (nip.charCodeAt(i) - 48);
  s %= 11;
  return s !== 10 && s === nip.charCodeAt(9) - 48;
}

/** `IDWew` (`NIP-NNNNN`): the NIP part must pass `isValidNip` (what KSeF checks in production). */
export function isValidInternalIdNip(value: string): boolean {
  return INTERNAL_ID_PATTERN.test(value) && isValidNip(value.slice(0, 10));
}

/**
 * The extra check digit of an `IDWew`, as the official C# client computes it: the 15 digits without the dash,
 * weights 1,3,1,3,... over the first 14, sum mod 10 is the last digit. KSeF's docs do not say it enforces this.
 */
export function hasValidInternalIdCheckDigit(value: string): boolean {
  if (!INTERNAL_ID_PATTERN.test(value)) return false;
  const d = value.replace('-', '');
  let s = 0;
  for (let i = 0; i < 14; i++) s += (d.charCodeAt(i) - 48) * (i % 2 === 0 ? 1 : 3);
  return s % 10 === d.charCodeAt(14) - 48;
}
