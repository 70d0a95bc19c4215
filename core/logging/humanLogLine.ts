/**
 * The message of one log event for people at a terminal: the constant message, then the facts that say what happened
 * to which document (ERP id, KSeF number, outcome, the errors' codes and messages, an error's message), on one line.
 * Everything else stays in the JSON lines (`--log-format json`), which log files and collectors should keep.
 */
export function humanLogLine(log: Record<string, unknown>, messageKey = 'msg'): string {
  const facts: string[] = [];
  const add = (label: string, value: unknown) => {
    if (value === undefined || value === null || value === '') return;
    facts.push(label ? `${label} ${String(value)}` : String(value));
  };
  add('', log.plugin !== undefined ? `[${String(log.instance ?? log.plugin)}]` : undefined);
  add('document', log.erpId ?? log.file);
  add('', log.outcome);
  add('KSeF number', log.ksefNumber);
  add('context', log.context ?? log.contextNip);
  add('', typeof log.count === 'number' ? `${log.count} document(s)` : undefined);
  add('', typeof log.polled === 'number' ? `${log.polled} taken` : undefined);
  const errors = Array.isArray(log.errors) ? log.errors as { code?: string; message?: string; explanation?: string }[] : [];
  for (const e of errors.slice(0, 3)) add('', `${e.code ?? 'error'}: ${e.message ?? ''}${e.explanation ? ` (in English: ${e.explanation})` : ''}`);
  if (errors.length > 3) add('', `and ${errors.length - 3} more`);
  add('', log.reason ?? log.hint);
  const err = log.err as { message?: string } | undefined;
  add('', err?.message);
  return facts.length > 0 ? `${String(log[messageKey] ?? '')}: ${facts.join(', ')}` : String(log[messageKey] ?? '');
}
