/** Shared test data for the calendar tests: the shipped configuration and readable dates. */
import { fileURLToPath } from 'node:url';
import { loadCalendarOptions } from '../../../src/config/calendar.loader.js';
import type {
  CalendarDayEntry,
  CalendarOptions,
  CalendarYearData,
  CountingMode,
  WorkingCalendar,
} from '../../../src/domain/calendar/calendar.js';
import { deriveYear } from '../../../src/domain/calendar/derive-year.js';
import { buildCalendar } from '../../../src/domain/calendar/working-calendar.js';
import { formatDay, isoWeekday, parseDay, type Day } from '../../../src/domain/time.js';

export const CONFIG_DIR = fileURLToPath(new URL('../../../config', import.meta.url));

/** `day('2024-05-04')`: a test reads dates, not day numbers. */
export function day(text: string): Day {
  const d = parseDay(text);
  if (d === null) throw new Error(`bad test date ${text}`);
  return d;
}

export const fmt = formatDay;

export function shippedOptions(mode: CountingMode = 'working'): CalendarOptions {
  return loadCalendarOptions(CONFIG_DIR, mode);
}

/** A fresh calendar over the shipped data (fresh, so `derivedYearsUsed` starts empty). */
export function shippedCalendar(
  mode: CountingMode = 'working',
  overrides: CalendarDayEntry[] = [],
): WorkingCalendar {
  const options = shippedOptions(mode);
  return buildCalendar({ ...options, overrides });
}

export function offEntry(date: string, reason = 'Nghỉ (kiểm thử)'): CalendarDayEntry {
  return { date, kind: 'off', reason };
}

export function workingEntry(date: string, reason = 'Làm việc (kiểm thử)'): CalendarDayEntry {
  return { date, kind: 'working', reason };
}

/**
 * An independent statement of "is this day worked": the layers applied one by one, with no index.
 * The calendar's arithmetic is checked against walks over this.
 */
export function referenceWorkingDay(
  options: Pick<CalendarOptions, 'announced' | 'overrides'>,
): (d: Day) => boolean {
  const overrides = new Map(options.overrides.map((e) => [e.date, e.kind]));
  const years = new Map<number, CalendarYearData>(options.announced.map((y) => [y.year, y]));
  const yearKinds = new Map<number, Map<string, string>>();
  const kindsOf = (year: number) => {
    let kinds = yearKinds.get(year);
    if (!kinds) {
      const data = years.get(year) ?? deriveYear(year);
      kinds = new Map(data.days.map((e) => [e.date, e.kind]));
      yearKinds.set(year, kinds);
    }
    return kinds;
  };
  return (d: Day) => {
    const text = formatDay(d);
    const kind = overrides.get(text) ?? kindsOf(Number(text.slice(0, 4))).get(text);
    if (kind !== undefined) return kind === 'working';
    return isoWeekday(d) <= 5;
  };
}

/** WD(d, +n) by walking day by day. */
export function walkAfter(isWorking: (d: Day) => boolean, d: Day, n: number): Day {
  let x = d;
  for (let left = n; left > 0;) if (isWorking(++x)) left--;
  return x;
}

/** WD(d, −n) by walking day by day. */
export function walkBefore(isWorking: (d: Day) => boolean, d: Day, n: number): Day {
  let x = d;
  for (let left = n; left > 0;) if (isWorking(--x)) left--;
  return x;
}

/** Working days in (due, x'] by walking, x' = x moved forward to a working day. */
export function walkLate(isWorking: (d: Day) => boolean, due: Day, x: Day): number {
  if (x <= due) return 0;
  let end = x;
  while (!isWorking(end)) end++;
  let count = 0;
  for (let d = due + 1; d <= end; d++) if (isWorking(d)) count++;
  return count;
}
