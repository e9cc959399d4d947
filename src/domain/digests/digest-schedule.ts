/**
 * When a weekly digest goes out and which week it reports: at the digest time (`digestTime` of
 * `config/reminders.json`, 07:30 as shipped) on the first working day of each week, about the week before (DOMAIN.md §1, "unit head"). A digest is named by the week it
 * reports, and that slot instant is its as-of: preparing the digest of a week again, later, gives
 * the figures as they were known that morning.
 */
import type { WorkingCalendar } from '../calendar/calendar.js';
import type { Day, Instant, IsoWeek } from '../time.js';
import { formatIsoWeek, isoWeekOf, localDay, mondayOfIsoWeek, startOfLocalDay } from '../time.js';

/**
 * The longest run of weeks without a working day the search steps over. Tết can empty one ISO
 * week (2025-W05); an administrator's overrides might empty a few more.
 */
const MAX_EMPTY_WEEKS = 8;

export interface DigestSlot {
  /** The ISO week the digest reports, `2025-W11`. */
  week: string;
  /** The digest time on the first working day of the week that follows it: the digest's as-of. */
  at: Instant;
  /** The local day of `at`. */
  day: Day;
}

/** The first working day of the ISO week that starts on `monday`, or null when it has none. */
export function firstWorkingDayOfWeek(monday: Day, calendar: WorkingCalendar): Day | null {
  for (let d = monday; d < monday + 7; d++) if (calendar.isWorkingDay(d)) return d;
  return null;
}

/** `minuteOfDay`: the digest time, minutes after local midnight (07:30 → 450). */
const slotInstant = (day: Day, minuteOfDay: number): Instant => startOfLocalDay(day) + minuteOfDay * 60_000;

/**
 * The slot of the digest that reports `week`: the digest time on the first working day after that week —
 * normally the next Monday; after a Tết week with no working day at all, the first working day of
 * the week after. Null when `week` itself has no working day: nothing falls due in it, so it has
 * no digest (the week before it is reported at the next slot instead).
 */
export function digestSlotFor(
  week: IsoWeek,
  calendar: WorkingCalendar,
  minuteOfDay: number,
): DigestSlot | null {
  const monday = mondayOfIsoWeek(week.year, week.week);
  if (firstWorkingDayOfWeek(monday, calendar) === null) return null;
  for (let next = monday + 7, i = 0; i <= MAX_EMPTY_WEEKS; next += 7, i++) {
    const first = firstWorkingDayOfWeek(next, calendar);
    if (first !== null) return { week: formatIsoWeek(week), at: slotInstant(first, minuteOfDay), day: first };
  }
  return null;
}

/**
 * Whether `instant` is inside a digest slot — from the digest time to the end of the first working day of
 * its week, so a scheduler firing late still counts — and, if so, which week it reports: the
 * latest earlier week that had a working day ("last week", unless last week was all holiday).
 */
export function digestSlotAt(
  instant: Instant,
  calendar: WorkingCalendar,
  minuteOfDay: number,
): DigestSlot | null {
  const day = localDay(instant);
  if (instant < slotInstant(day, minuteOfDay)) return null;
  const own = isoWeekOf(day);
  const monday = mondayOfIsoWeek(own.year, own.week);
  if (firstWorkingDayOfWeek(monday, calendar) !== day) return null;
  for (let previous = monday - 7, i = 0; i <= MAX_EMPTY_WEEKS; previous -= 7, i++) {
    if (firstWorkingDayOfWeek(previous, calendar) !== null) {
      return { week: formatIsoWeek(isoWeekOf(previous)), at: slotInstant(day, minuteOfDay), day };
    }
  }
  return null;
}

/** The next slot strictly after `instant` (for a scheduler that sleeps until it). */
export function nextDigestSlotAfter(
  instant: Instant,
  calendar: WorkingCalendar,
  minuteOfDay: number,
): DigestSlot {
  const own = isoWeekOf(localDay(instant));
  for (let monday = mondayOfIsoWeek(own.year, own.week), i = 0; ; monday += 7, i++) {
    const first = firstWorkingDayOfWeek(monday, calendar);
    if (first !== null && slotInstant(first, minuteOfDay) > instant) {
      const slot = digestSlotAt(slotInstant(first, minuteOfDay), calendar, minuteOfDay);
      if (slot !== null) return slot;
    }
    if (i > 60) throw new Error('no working day in the next 60 weeks: check the calendar overrides');
  }
}

/**
 * The first `n` working days on or after `from`, as [first, last]: the digest's "due in the next
 * 5 working days" counts the morning it arrives. Always working days, whatever the counting mode.
 */
export function workingDaysFrom(from: Day, n: number, calendar: WorkingCalendar): { from: Day; to: Day } {
  let first: Day | null = null;
  let count = 0;
  for (let d = from; d < from + 400; d++) {
    if (!calendar.isWorkingDay(d)) continue;
    first ??= d;
    if (++count === n) return { from: first, to: d };
  }
  throw new Error(`fewer than ${n} working days in the 400 days from ${from}: check the calendar overrides`);
}
