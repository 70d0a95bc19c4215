import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { GatewayError } from '../errors/GatewayError.js';

export const MASTER_KEY_FILE = 'master.key';
/** The vault's file in the data directory (compositionRoot's gatewayFiles). */
export const VAULT_FILE = 'vault.sqlite';

/** Accepts 32 bytes as base64 (44 chars) or hex (64 chars). */
function decodeKey(text: string, where: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) {
    throw new GatewayError('GW_VAULT_KEY_INVALID', 'config', `${where} must hold 32 bytes as base64 or hex`, { location: where });
  }
  return key;
}

/**
 * The vault's master key: `KSEF_GATEWAY_MASTER_KEY` when set, otherwise `<dataDir>/master.key`, created on first use
 * with mode 0600 (exclusive create, so two processes starting together agree on one key). A key file that others
 * can read is refused rather than used. A key is never created beside a vault that already exists: a fresh key
 * cannot open it, and the missing key is the operator's to restore.
 */
export function loadMasterKey(dataDir: string, env: NodeJS.ProcessEnv = process.env, vaultFile = join(dataDir, VAULT_FILE)): Buffer {
  const fromEnv = env.KSEF_GATEWAY_MASTER_KEY;
  if (fromEnv !== undefined && fromEnv.trim() !== '') return decodeKey(fromEnv, 'KSEF_GATEWAY_MASTER_KEY');
  const file = join(dataDir, MASTER_KEY_FILE);
  if (!existsSync(file) && existsSync(vaultFile)) {
    throw new GatewayError('GW_VAULT_KEY_MISSING', 'config',
      `The vault ${vaultFile} exists but its master key is missing: set KSEF_GATEWAY_MASTER_KEY or restore the key file ${file}. `
      + 'No new key is created: it could not open the vault.', { location: file });
  }
  mkdirSync(dataDir, { recursive: true });
  try {
    const fd = openSync(file, 'wx', 0o600);
    try {
      writeSync(fd, `${randomBytes(32).toString('base64')}\n`);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new GatewayError('GW_VAULT_KEY_FILE_OPEN', 'config',
      `${file} is readable by others (mode ${mode.toString(8)}); run chmod 600 on it`, { location: file });
  }
  return decodeKey(readFileSync(file, 'utf8'), file);
}
