/**
 * Encryption for secrets a plugin must keep and use later (a webhook signing secret, an ERP password set at run
 * time): sealed with a key derived from the gateway's master key for this plugin instance alone. Store only the
 * sealed text; `open` fails for text sealed by another instance or under another `purpose`.
 *
 * @example
 * ```ts
 * const sealed = ctx.secrets.seal(secret, `webhook:${id}`);
 * await ctx.storage.insert('webhooks', id, { url, secret: sealed });
 * const plain = ctx.secrets.open(sealed, `webhook:${id}`);
 * ```
 */
export interface PluginSecrets {
  seal(plaintext: string, purpose: string): string;
  open(sealed: string, purpose: string): string;
}
