import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFa3 } from '../../../../core/fa3/Fa3Reader.js';
import type { Faktura } from '../../../../core/fa3/model/Faktura.js';
import { FA3_SAMPLES_DIR } from '../../../support/sharedDir.js';

/** After every sample's P_1 (latest: 2026-08-17), so "P_1 in the future" never fires by accident. */
export const NOW = new Date('2026-11-25T12:00:00Z');

export const MF_SAMPLES = readdirSync(FA3_SAMPLES_DIR).filter((f) => f.startsWith('FA_3_')).sort();
export const EXTRA_SAMPLES = readdirSync(FA3_SAMPLES_DIR).filter((f) => f.startsWith('extra_')).sort();

export function sampleBytes(name: string): Buffer {
  return readFileSync(join(FA3_SAMPLES_DIR, name));
}

/** A fresh, mutable copy of a shared sample's canonical model. */
export function sample(name: string): Faktura {
  return readFa3(sampleBytes(name), name);
}
