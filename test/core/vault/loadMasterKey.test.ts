import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMasterKey, MASTER_KEY_FILE, VAULT_FILE } from '../../../core/vault/loadMasterKey.js';

describe('loadMasterKey', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'mk-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a key file with mode 0600 once and reads the same key afterwards', () => {
    const first = loadMasterKey(dir, {});
    expect(first).toHaveLength(32);
    expect(statSync(join(dir, MASTER_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(loadMasterKey(dir, {}).equals(first)).toBe(true);
  });

  it('prefers KSEF_GATEWAY_MASTER_KEY, in base64 or hex, and creates no file then', () => {
    const key = Buffer.alloc(32, 7);
    expect(loadMasterKey(dir, { KSEF_GATEWAY_MASTER_KEY: key.toString('base64') }).equals(key)).toBe(true);
    expect(loadMasterKey(dir, { KSEF_GATEWAY_MASTER_KEY: key.toString('hex') }).equals(key)).toBe(true);
    expect(() => statSync(join(dir, MASTER_KEY_FILE))).toThrow();
    expect(() => loadMasterKey(dir, { KSEF_GATEWAY_MASTER_KEY: 'c2hvcnQ=' })).toThrow(/32 bytes/);
  });

  it('never creates a key beside an existing vault: the error names KSEF_GATEWAY_MASTER_KEY and the key file', () => {
    writeFileSync(join(dir, VAULT_FILE), '');
    expect(() => loadMasterKey(dir, {})).toThrow(expect.objectContaining({
      code: 'GW_VAULT_KEY_MISSING',
      kind: 'config',
      message: expect.stringMatching(new RegExp(`KSEF_GATEWAY_MASTER_KEY.*${join(dir, MASTER_KEY_FILE).replace(/[/\\.]/g, '.')}`)),
    }));
    expect(() => statSync(join(dir, MASTER_KEY_FILE))).toThrow();
    const key = Buffer.alloc(32, 3);
    expect(loadMasterKey(dir, { KSEF_GATEWAY_MASTER_KEY: key.toString('base64') }).equals(key)).toBe(true);
  });

  it('refuses a key file that others can read', () => {
    const file = join(dir, MASTER_KEY_FILE);
    writeFileSync(file, Buffer.alloc(32, 1).toString('base64'));
    chmodSync(file, 0o644);
    expect(() => loadMasterKey(dir, {})).toThrow(/chmod 600/);
  });
});
