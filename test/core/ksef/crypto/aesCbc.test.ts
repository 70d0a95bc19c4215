import { createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_VECTORS_DIR } from '../../../support/sharedDir.js';
import { aesCbcEncrypt, aesCbcEncryptedSize, newSymmetricKey } from '../../../../core/ksef/crypto/aesCbc.js';

describe('AES-256-CBC of invoices', () => {
  const cases = (JSON.parse(readFileSync(join(TEST_VECTORS_DIR, 'aes-cbc-size-relation.json'), 'utf8')) as { cases: Record<string, number | string>[] }).cases;

  it.each(cases)('gives the official encrypted size for $where', (c) => {
    const [plain, enc] = Object.values(c).filter((v): v is number => typeof v === 'number');
    expect(aesCbcEncryptedSize(plain)).toBe(enc);
    if (plain < 100_000) expect(aesCbcEncrypt(newSymmetricKey(), randomBytes(plain)).length).toBe(enc);
  });

  it('does not prefix the IV: the ciphertext decrypts with the IV sent apart', () => {
    const key = newSymmetricKey();
    const plain = Buffer.from('<Faktura>zażółć</Faktura>', 'utf8');
    const enc = aesCbcEncrypt(key, plain);
    const d = createDecipheriv('aes-256-cbc', key.key, key.iv);
    expect(Buffer.concat([d.update(enc), d.final()])).toEqual(plain);
  });

  it('makes a fresh key and IV each time', () => {
    const a = newSymmetricKey();
    const b = newSymmetricKey();
    expect(a.key.equals(b.key)).toBe(false);
    expect(a.iv.equals(b.iv)).toBe(false);
    expect(a.key.length).toBe(32);
    expect(a.iv.length).toBe(16);
  });
});
