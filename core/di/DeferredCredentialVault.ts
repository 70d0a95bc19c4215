import type {
  CredentialInfo, CredentialKind, CredentialStatus, CredentialVault, NewCredential,
} from '../vault/CredentialVault.js';
import type { SecretValue } from '../vault/SecretValue.js';

/**
 * A vault opened on first use. The composition root binds values synchronously, while a PostgreSQL vault opens
 * asynchronously and needs the master key, which commands that never touch credentials must not have to provide.
 */
export class DeferredCredentialVault implements CredentialVault {
  private opened?: Promise<CredentialVault>;

  constructor(private readonly open: () => Promise<CredentialVault>) {}

  private vault(): Promise<CredentialVault> {
    this.opened ??= this.open();
    return this.opened;
  }

  async put(c: NewCredential): Promise<CredentialInfo> { return (await this.vault()).put(c); }
  async secret(nip: string, kind: CredentialKind): Promise<SecretValue | undefined> { return (await this.vault()).secret(nip, kind); }
  async info(nip: string, kind: CredentialKind): Promise<CredentialInfo | undefined> { return (await this.vault()).info(nip, kind); }
  async list(): Promise<CredentialInfo[]> { return (await this.vault()).list(); }
  async markStatus(nip: string, kind: CredentialKind, status: CredentialStatus, reason?: string): Promise<void> {
    return (await this.vault()).markStatus(nip, kind, status, reason);
  }
  async recordAuthentication(nip: string, kind: CredentialKind, at: Date): Promise<void> {
    return (await this.vault()).recordAuthentication(nip, kind, at);
  }
  async recordKsefStatus(nip: string, kind: CredentialKind, ksefStatus: string): Promise<void> {
    return (await this.vault()).recordKsefStatus(nip, kind, ksefStatus);
  }
  async remove(nip: string, kind: CredentialKind): Promise<boolean> { return (await this.vault()).remove(nip, kind); }

  async close(): Promise<void> {
    if (this.opened === undefined) return;
    await (await this.opened.catch(() => undefined))?.close();
  }
}
