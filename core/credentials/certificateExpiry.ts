import { X509Certificate } from 'node:crypto';

export type ExpiryLevel = 'ok' | 'warning' | 'critical' | 'expired' | 'not-yet-valid';

export interface ExpiryThresholds {
  /** Alert this many days before notAfter (default 30: time to enrol and roll out a new one). */
  readonly warnDays: number;
  /** Alert loudly from here on (default 7). */
  readonly criticalDays: number;
}

export const DEFAULT_THRESHOLDS: ExpiryThresholds = { warnDays: 30, criticalDays: 7 };

export interface ExpiryAssessment {
  readonly level: ExpiryLevel;
  readonly notBefore: string;
  readonly notAfter: string;
  /** Whole days until notAfter, rounded down; negative once expired. */
  readonly daysLeft: number;
}

const DAY = 86_400_000;

/** How close a certificate is to its end. */
export function assessExpiry(certificateDer: Uint8Array, now: Date, t: ExpiryThresholds = DEFAULT_THRESHOLDS): ExpiryAssessment {
  const cert = new X509Certificate(certificateDer);
  const notBefore = new Date(cert.validFrom);
  const notAfter = new Date(cert.validTo);
  const left = notAfter.getTime() - now.getTime();
  const daysLeft = Math.floor(left / DAY);
  const level: ExpiryLevel = now < notBefore ? 'not-yet-valid'
    : left <= 0 ? 'expired'
      : left <= t.criticalDays * DAY ? 'critical'
        : left <= t.warnDays * DAY ? 'warning' : 'ok';
  return { level, notBefore: notBefore.toISOString(), notAfter: notAfter.toISOString(), daysLeft };
}
