/**
 * The instant a reader asks about, as she types it: shared by the CLI's `--as-of` and the API's
 * `?asOf=`, so both read the same text the same way.
 */
import type { Instant } from '../domain/time.js';
import { lacksOffset, parseDay, parseInstant, startOfLocalDay } from '../domain/time.js';

/**
 * A date alone means the end of that local day: "as of 20/03" reads as everything known that day.
 */
export function parseAsOf(text: string): Instant | { error: 'no_offset' | 'invalid' } {
  const day = parseDay(text);
  if (day !== null) return startOfLocalDay(day + 1) - 1000;
  const instant = parseInstant(text);
  if (instant !== null) return instant;
  return { error: lacksOffset(text) ? 'no_offset' : 'invalid' };
}
