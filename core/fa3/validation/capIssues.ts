import type { ValidationIssue } from './ValidationIssue.js';

/** Issues reported per document; one more line counts the rest (a broken file can yield 50,000). */
export const MAX_ISSUES = 100;
/** Characters of a message: a rule quoting a 6,000,000-digit value must not write megabytes of outcome. */
export const MAX_MESSAGE_CHARS = 400;

/** Shortens a message (or a quoted value) to `max` characters, saying how much was cut. */
export function capText(text: string, max = MAX_MESSAGE_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/**
 * At most MAX_ISSUES issues, each message capped, errors before warnings so a cut never hides what makes the
 * document invalid; the rest becomes one `FA3_MORE_ISSUES` line with their count. `total` is the number found
 * when the caller stopped collecting early (the XSD validator maps only what it reports).
 */
export function capIssues(issues: readonly ValidationIssue[], total = issues.length): ValidationIssue[] {
  const capped = (i: ValidationIssue): ValidationIssue =>
    (i.message.length > MAX_MESSAGE_CHARS || i.location.length > MAX_MESSAGE_CHARS ? { ...i, message: capText(i.message), location: capText(i.location) } : i);
  if (total <= MAX_ISSUES && !issues.some((i) => i.message.length > MAX_MESSAGE_CHARS || i.location.length > MAX_MESSAGE_CHARS)) return [...issues];
  if (total <= MAX_ISSUES) return issues.map(capped);
  const ordered = [...issues.filter((i) => i.severity === 'error'), ...issues.filter((i) => i.severity !== 'error')];
  const kept = ordered.slice(0, MAX_ISSUES).map(capped);
  const rest = total - kept.length;
  return [...kept, {
    code: 'FA3_MORE_ISSUES', layer: kept[kept.length - 1].layer, location: '', severity: ordered.slice(MAX_ISSUES).some((i) => i.severity === 'error') || issues.length < total ? 'error' : 'warning',
    message: `${rest} more issue${rest === 1 ? '' : 's'} not listed (the first ${MAX_ISSUES} are shown)`,
  }];
}
