/**
 * The dates a record may carry. `0001-01-01` is what .NET systems write for "no date", and a year
 * typed as `0025` or `2205` happens; such a value stored would stop the agency's evaluation (the
 * working calendar starts in 1900) or track obligations from centuries ago. So a date or instant
 * outside this range is a rejection naming the record and field, never a stored value.
 */
import type { Day, Instant } from '../time.js';
import { dayFromYmd, localDay, ymd } from '../time.js';

/** As configured (`plausibleDates` in `config/dunghan.json`). */
export interface PlausibleDates {
  /** The earliest plausible day. */
  from: Day;
  /** How many years after the evaluation's day (the clock, or `--as-of`) are still plausible. */
  yearsAhead: number;
}

/** Both ends included, as local (Vietnam) days. */
export interface PlausibleRange {
  from: Day;
  to: Day;
}

export const DEFAULT_PLAUSIBLE_DATES: PlausibleDates = Object.freeze({
  from: dayFromYmd(1990, 1, 1),
  yearsAhead: 10,
});

/**
 * No upper end: for callers without a clock. The lower end still keeps out what the calendar
 * cannot count.
 */
export const LOWER_BOUND_ONLY: PlausibleRange = Object.freeze({
  from: DEFAULT_PLAUSIBLE_DATES.from,
  to: Number.MAX_SAFE_INTEGER,
});

/** The range in force at `asOf`: the upper end moves with the clock, so tests stay deterministic. */
export function plausibleRange(dates: PlausibleDates, asOf: Instant): PlausibleRange {
  const today = ymd(localDay(asOf));
  const year = today.year + dates.yearsAhead;
  // 29 February ten years on is 28 February.
  const d = today.month === 2 && today.day === 29 ? 28 : today.day;
  return { from: dates.from, to: dayFromYmd(year, today.month, d) };
}
