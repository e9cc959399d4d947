/**
 * The instant a reader asks about, as she types it: shared by the CLI's `--as-of` and the API's
 * `?asOf=`, so both read the same text the same way.
 */
import type { Instant } from '../domain/time.js';
import { lacksOffset, parseDay, parseInstant, startOfLocalDay } from '../domain/time.js';
import { parseLocalDateTime } from './formats.js';

/**
 * A date alone means the end of that local day: "as of 20/03" reads as everything known that day.
 * Besides ISO 8601, what a clerk types: `08/05/2024` or `08/05/2024 17:00`, Vietnam time.
 */
export function parseAsOf(text: string): Instant | { error: 'no_offset' | 'invalid' } {
  const local = parseLocalDateTime(text);
  if (local !== null)
    return local.minutes === null
      ? startOfLocalDay(local.day + 1) - 1000
      : startOfLocalDay(local.day) + local.minutes * 60_000;
  const day = parseDay(text);
  if (day !== null) return startOfLocalDay(day + 1) - 1000;
  const instant = parseInstant(text);
  if (instant !== null) return instant;
  return { error: lacksOffset(text) ? 'no_offset' : 'invalid' };
}
