import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FA3_SAMPLES_DIR } from '../../../support/sharedDir.js';

/** The seller NIP of every shared sample. */
export const SAMPLE_SELLER_NIP = '9999999999';

/** Official MF samples that can go online (no Zalacznik: attachments go by batch only, DECISIONS.md 12). */
export const ONLINE_SAMPLES = ['FA_3_Przyklad_1.xml', 'FA_3_Przyklad_2.xml', 'FA_3_Przyklad_9.xml', 'FA_3_Przyklad_22.xml'];

/** A sample with its own P_2 (DECISIONS.md 7), so that a faithful KSeF does not answer 440. */
export function sampleWithOwnNumber(name: string, p2: string): Uint8Array {
  const xml = readFileSync(join(FA3_SAMPLES_DIR, name), 'utf8');
  if (!xml.includes('<P_2>')) throw new Error(`${name} has no P_2`);
  return Buffer.from(xml.replace(/<P_2>[^<]*<\/P_2>/, `<P_2>${p2}</P_2>`), 'utf8');
}

let counter = 0;
/** A P_2 no other test in this process uses. */
export function uniqueP2(prefix = 'T'): string {
  return `${prefix}/${process.pid}/${Date.now().toString(36)}/${++counter}`;
}
