import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { SecretBox } from '../../../core/vault/SecretBox.js';
import { SecretValue } from '../../../core/vault/SecretValue.js';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('opens what it sealed, and never seals the same text to the same bytes', () => {
    const a = box.seal(Buffer.from('token-value'), 'ctx/1');
    const b = box.seal(Buffer.from('token-value'), 'ctx/1');
    expect(a.equals(b)).toBe(false);
    expect(a.includes(Buffer.from('token-value'))).toBe(false);
    expect(box.open(a, 'ctx/1').toString()).toBe('token-value');
  });

  it('refuses a ciphertext moved to another row, a flipped bit and a wrong key', () => {
    const sealed = box.seal(Buffer.from('token-value'), 'ctx/1');
    expect(() => box.open(sealed, 'ctx/2')).toThrow(/cannot be decrypted/);
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 1] ^= 1;
    expect(() => box.open(flipped, 'ctx/1')).toThrow(/cannot be decrypted/);
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'ctx/1')).toThrow(/wrong master key/);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe('SecretValue', () => {
  it('prints nowhere: JSON, inspect, template strings', () => {
    const s = new SecretValue('s3cr3t-token');
    const shown = [JSON.stringify({ s }), inspect({ s }), `${s}`, String(s)].join(' ');
    expect(shown).not.toContain('s3cr3t');
    expect(s.revealText()).toBe('s3cr3t-token');
  });
});
