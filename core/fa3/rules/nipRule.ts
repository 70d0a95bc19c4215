import type { Faktura } from '../model/Faktura.js';
import type { ValidationIssue } from '../validation/ValidationIssue.js';
import { hasValidInternalIdCheckDigit, isValidInternalIdNip, isValidNip } from './isValidNip.js';
import { ruleIssue, token } from './ruleIssue.js';

/**
 * NIP checksums of every party (KSeF checks Podmiot1/2/3 and PodmiotUpowazniony in production, FA3.md §10.1), the
 * NIP inside `Podmiot3/IDWew`, and the parties as they stood before a correction (Podmiot1K, Podmiot2K).
 */
export function nipRule(invoice: Faktura): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const check = (nip: string | undefined, location: string, party: string): void => {
    const v = token(nip);
    if (v !== undefined && !isValidNip(v)) {
      issues.push(ruleIssue('FA3_NIP_CHECKSUM', location, `${party} NIP ${v} has a wrong check digit`));
    }
  };
  check(invoice.Podmiot1?.DaneIdentyfikacyjne?.NIP, 'Podmiot1/DaneIdentyfikacyjne/NIP', 'seller (Podmiot1)');
  check(invoice.Podmiot2?.DaneIdentyfikacyjne?.NIP, 'Podmiot2/DaneIdentyfikacyjne/NIP', 'buyer (Podmiot2)');
  (invoice.Podmiot3 ?? []).forEach((p, i) => {
    const base = `Podmiot3[${i + 1}]/DaneIdentyfikacyjne`;
    check(p.DaneIdentyfikacyjne?.NIP, `${base}/NIP`, `third party ${i + 1} (Podmiot3)`);
    const idWew = token(p.DaneIdentyfikacyjne?.IDWew);
    if (idWew === undefined) return;
    if (!isValidInternalIdNip(idWew)) {
      issues.push(ruleIssue('FA3_NIP_CHECKSUM', `${base}/IDWew`, `third party ${i + 1} (Podmiot3) internal id ${idWew}: its NIP part has a wrong check digit`));
    } else if (!hasValidInternalIdCheckDigit(idWew)) {
      issues.push(ruleIssue('FA3_IDWEW_CHECK_DIGIT', `${base}/IDWew`, `third party ${i + 1} (Podmiot3) internal id ${idWew} fails the check digit the official KSeF client computes`, 'warning'));
    }
  });
  check(invoice.PodmiotUpowazniony?.DaneIdentyfikacyjne?.NIP, 'PodmiotUpowazniony/DaneIdentyfikacyjne/NIP', 'authorised party (PodmiotUpowazniony)');
  check(invoice.Fa?.Podmiot1K?.DaneIdentyfikacyjne?.NIP, 'Fa/Podmiot1K/DaneIdentyfikacyjne/NIP', 'seller before correction (Podmiot1K)');
  (invoice.Fa?.Podmiot2K ?? []).forEach((p, i) => {
    check(p.DaneIdentyfikacyjne?.NIP, `Fa/Podmiot2K[${i + 1}]/DaneIdentyfikacyjne/NIP`, `buyer before correction (Podmiot2K ${i + 1})`);
  });
  return issues;
}
