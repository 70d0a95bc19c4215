/** KSeF refuses a dateRange longer than three months: a cursor further behind is caught up in windows. */
const WINDOW_DAYS = 89;

/**
 * The next export's `dateRange`: from the cursor, open-ended (KSeF's advice: the HWM closes it), unless the cursor
 * is so far behind that an open range would exceed three months.
 */
export function exportWindow(from: string, now: number): { from: string; to?: string } {
  const end = Date.parse(from) + WINDOW_DAYS * 86_400_000;
  return end < now ? { from, to: new Date(end).toISOString() } : { from };
}
