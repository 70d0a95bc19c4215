import type { CredentialVault } from '../vault/CredentialVault.js';
import type { ExpiryLevel, ExpiryThresholds } from './certificateExpiry.js';
import { credentialStatus } from './credentialStatus.js';

export interface ExpiryAlert {
  readonly contextNip: string;
  readonly kind: 'token' | 'certificate';
  readonly level: Exclude<ExpiryLevel, 'ok'>;
  readonly notAfter: string;
  readonly daysLeft: number;
  readonly subject: string;
  readonly message: string;
}

export interface ExpiryMonitorOptions {
  readonly onAlert: (alert: ExpiryAlert) => void | Promise<void>;
  readonly thresholds?: ExpiryThresholds;
  readonly now?: () => Date;
  /** How often to look (default 6 h); an alert repeats at most once a day while nothing changes. */
  readonly intervalMs?: number;
  /** A scheduled check that failed (the vault unreadable, an alert that could not be raised): never dropped silently. */
  readonly onError: (err: unknown) => void | Promise<void>;
  /** A scheduled check that completed (resolves an earlier failure). */
  readonly onChecked?: () => void | Promise<void>;
}

const DAY = 86_400_000;

/**
 * Watches the certificates in the vault, and the tokens whose expiry was stated, and alerts well before they end
 * (30 and 7 days by default), so a renewal (`credentials renew`, a new token) happens before authentication starts failing.
 */
export class CertificateExpiryMonitor {
  private timer?: NodeJS.Timeout;
  private readonly last = new Map<string, { level: string; at: number }>();

  constructor(private readonly vault: CredentialVault, private readonly o: ExpiryMonitorOptions) {}

  /** Checks now; returns the alerts it raised. */
  async checkNow(): Promise<ExpiryAlert[]> {
    const now = this.o.now?.() ?? new Date();
    const raised: ExpiryAlert[] = [];
    for (const r of await credentialStatus(this.vault, { now, thresholds: this.o.thresholds })) {
      const key = `${r.contextNip}/${r.kind}`;
      // A revoked or refused token has its own alert; its stated end no longer matters.
      const expiry = r.certificate?.expiry ?? (r.status === 'active' ? r.tokenExpiry : undefined);
      if (!expiry || expiry.level === 'ok') {
        this.last.delete(key);
        continue;
      }
      const prev = this.last.get(key);
      if (prev && prev.level === expiry.level && now.getTime() - prev.at < DAY) continue;
      const level = expiry.level;
      const c = r.certificate;
      const message = c ? (level === 'expired' ? `the certificate of context ${r.contextNip} expired on ${c.expiry.notAfter}`
        : level === 'not-yet-valid' ? `the certificate of context ${r.contextNip} is valid only from ${c.expiry.notBefore}`
          : `the certificate of context ${r.contextNip} expires in ${c.expiry.daysLeft} days (${c.expiry.notAfter}): run 'ksef-gateway credentials renew --nip ${r.contextNip}'`)
        : level === 'expired' ? `the KSeF token of context ${r.contextNip} expired on ${expiry.notAfter}: store a new one (token generate, or token add --nip ${r.contextNip} --expires DATE)`
          : `the KSeF token of context ${r.contextNip} expires in ${expiry.daysLeft} days (${expiry.notAfter}): generate a new one and store it (token add --nip ${r.contextNip} --expires DATE, or the console's form)`;
      const alert: ExpiryAlert = { contextNip: r.contextNip, kind: r.kind, level, notAfter: expiry.notAfter, daysLeft: expiry.daysLeft,
        subject: c?.subject ?? r.referenceNumber ?? 'token', message };
      this.last.set(key, { level, at: now.getTime() });
      await this.o.onAlert(alert);
      raised.push(alert);
    }
    return raised;
  }

  start(): void {
    if (this.timer) return;
    const tick = (): void => {
      void this.checkNow().then(() => this.o.onChecked?.(), (err: unknown) => this.o.onError(err)).catch(() => undefined);
    };
    tick();
    this.timer = setInterval(tick, this.o.intervalMs ?? 6 * 3600_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
