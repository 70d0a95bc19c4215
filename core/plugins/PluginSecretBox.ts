import { hkdfSync } from 'node:crypto';
import type { ServiceIdentifier } from 'inversify';
import type { PluginSecrets } from '../plugin-api/PluginSecrets.js';
import { SecretBox } from '../vault/SecretBox.js';

/**
 * `ctx.secrets` of one plugin instance: AES-256-GCM (the vault's SecretBox) under a key derived from the master key
 * with HKDF for this instance, so a plugin can never open the vault's entries nor another instance's secrets.
 */
export class PluginSecretBox implements PluginSecrets {
  private readonly box: SecretBox;

  constructor(masterKey: Uint8Array, private readonly instance: string) {
    this.box = new SecretBox(Buffer.from(hkdfSync('sha256', masterKey, Buffer.from(`plugin:${instance}`), 'ksef-gateway plugin secrets', 32)));
  }

  seal(plaintext: string, purpose: string): string {
    return this.box.seal(Buffer.from(plaintext, 'utf8'), `${this.instance}|${purpose}`).toString('base64');
  }

  open(sealed: string, purpose: string): string {
    return this.box.open(Buffer.from(sealed, 'base64'), `${this.instance}|${purpose}`).toString('utf8');
  }
}

/** Makes the `ctx.secrets` of an instance (bound in the composition root, which holds the master key). */
export type PluginSecretsFactory = (instance: string) => PluginSecrets;
export const PLUGIN_SECRETS = Symbol.for('ksef-gateway/plugins/PluginSecrets') as ServiceIdentifier<PluginSecretsFactory>;
