import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InvoiceRecord } from '../../adapters/ksef-simulator/store/records.js';
import { openSimStore } from '../../adapters/ksef-simulator/store/SimStore.js';

export interface FedInvoice { readonly erpId: string; readonly number: string; readonly nip: string }

export interface ChaosVerdict {
  readonly invoices: number;
  /** Every invoice submission KSeF received (accepted, 440 or refused), per fed invoice. */
  readonly submissionsPerInvoice: { readonly mean: number; readonly max: number };
  readonly duplicates440: number;
  readonly heldTwice: readonly string[];
  readonly notHeld: readonly string[];
  readonly noOutcome: readonly string[];
  readonly wrongNumber: readonly string[];
  readonly rejectedButHeld: readonly string[];
  readonly passed: boolean;
}

/**
 * Judges the run from KSeF's own record (the simulator's state), not the gateway's: each fed invoice held exactly
 * once, each ERP outcome naming the KSeF number KSeF holds, none lost, none reported rejected while KSeF holds it.
 */
export function chaosVerdict(simDataDir: string, outcomesDir: string, fed: readonly FedInvoice[]): ChaosVerdict {
  const store = openSimStore(simDataDir);
  const byNumber = new Map<string, InvoiceRecord[]>();
  try {
    for (const r of store.all<InvoiceRecord>('invoice')) {
      if (r.invoiceNumber === undefined) continue;
      const list = byNumber.get(r.invoiceNumber) ?? [];
      list.push(r);
      byNumber.set(r.invoiceNumber, list);
    }
  } finally {
    store.close();
  }
  const heldTwice: string[] = [];
  const notHeld: string[] = [];
  const noOutcome: string[] = [];
  const wrongNumber: string[] = [];
  const rejectedButHeld: string[] = [];
  let submissions = 0;
  let max = 0;
  let dup440 = 0;
  for (const f of fed) {
    const records = byNumber.get(f.number) ?? [];
    submissions += records.length;
    max = Math.max(max, records.length);
    dup440 += records.filter((r) => r.status.code === 440).length;
    const held = records.filter((r) => r.status.code === 200 && r.ksefNumber !== undefined);
    if (held.length > 1) heldTwice.push(f.erpId);
    if (held.length === 0) notHeld.push(f.erpId);
    const file = join(outcomesDir, `${f.erpId}.json`);
    if (!existsSync(file)) {
      noOutcome.push(f.erpId);
      continue;
    }
    const outcome = JSON.parse(readFileSync(file, 'utf8')) as { kind: string; ksefNumber?: string };
    if (outcome.kind !== 'accepted' && held.length > 0) rejectedButHeld.push(f.erpId);
    else if (outcome.kind === 'accepted' && outcome.ksefNumber !== held[0]?.ksefNumber) wrongNumber.push(f.erpId);
  }
  return {
    invoices: fed.length,
    submissionsPerInvoice: { mean: +(submissions / Math.max(1, fed.length)).toFixed(3), max },
    duplicates440: dup440,
    heldTwice, notHeld, noOutcome, wrongNumber, rejectedButHeld,
    passed: heldTwice.length + notHeld.length + noOutcome.length + wrongNumber.length + rejectedButHeld.length === 0,
  };
}
