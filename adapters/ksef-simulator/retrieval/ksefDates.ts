import { SimHttpError } from '../http/SimHttpError.js';

const ZONED = /(?:[zZ]|[+-]\d\d:?\d\d)$/;
const WARSAW_PARTS = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Warsaw', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});

/** Warsaw's offset from UTC at `t`, in ms (+1 h or +2 h). */
function warsawOffsetMs(t: number): number {
  const p = Object.fromEntries(WARSAW_PARTS.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return asUtc - Math.floor(t / 1000) * 1000;
}

/**
 * A date of the query filters: ISO 8601 with `Z` or an offset, or without one (then Europe/Warsaw local time,
 * as the spec says). Anything else is 21405 naming the field.
 */
export function parseKsefDate(value: string, field: string): number {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?/.test(value)) throw SimHttpError.invalid(`${field}: oczekiwano daty ISO 8601.`);
  if (ZONED.test(value)) {
    const t = Date.parse(value);
    if (Number.isNaN(t)) throw SimHttpError.invalid(`${field}: nieprawidłowa data ${value}.`);
    return t;
  }
  const naive = Date.parse(`${value}Z`);
  if (Number.isNaN(naive)) throw SimHttpError.invalid(`${field}: nieprawidłowa data ${value}.`);
  // The offset at the naive instant is right except within an hour of a DST switch; a second pass settles it.
  const first = naive - warsawOffsetMs(naive);
  return naive - warsawOffsetMs(first);
}

function plusThreeMonthsUtc(t: number): number {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 3, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

/** Microseconds since the epoch: KSeF's dates carry up to 7 fractional digits, and packages are cut between them. */
export function isoMicros(value: string, ms: number = Date.parse(value)): number {
  const frac = /T[\d:]+\.(\d+)/.exec(value)?.[1] ?? '';
  return ms * 1000 + Number(frac.slice(3, 6).padEnd(3, '0'));
}

/** ISO 8601 UTC with six fractional digits, as KSeF writes permanentStorageDate. */
export function microsIso(micros: number): string {
  const ms = Math.floor(micros / 1000);
  return new Date(ms).toISOString().replace(/Z$/, `${String(micros % 1000).padStart(3, '0')}Z`);
}

/** The latest `to` allowed for `from`: three calendar months in UTC or in Europe/Warsaw, whichever is later. */
export function maxRangeEnd(from: number): number {
  const utc = plusThreeMonthsUtc(from);
  const local = plusThreeMonthsUtc(from + warsawOffsetMs(from));
  return Math.max(utc, local - warsawOffsetMs(local - warsawOffsetMs(from)));
}
