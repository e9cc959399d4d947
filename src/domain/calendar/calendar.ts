/**
 * The working calendar contract (CALENDAR.md, DOMAIN.md §2). Pure: the data comes in as values,
 * the configuration loader reads the files.
 */
import type { Day } from '../time.js';

/** `working`: count working days (default). `calendar`: Civil Code 2015 Art. 147–148 calendar days. */
export type CountingMode = 'working' | 'calendar';

/**
 * One day in an announced calendar file or an administrator's override.
 * `off`: a weekday that is not worked (holiday, compensation, moved day).
 * `working`: a day that is worked although it would not be (make-up Saturday, cancelled holiday).
 */
export interface CalendarDayEntry {
  date: string;
  kind: 'off' | 'working';
  /** Vietnamese, as the announcement says it: "Tết Nguyên đán", "Làm bù cho thứ Hai 29/4". */
  reason: string;
  reasonEn?: string;
  /** false when the day is the usual reading but not confirmed from the announcement. Default true. */
  confirmed?: boolean;
}

/** `config/calendars/<year>.json`: the days the government announced for one year. */
export interface CalendarYearData {
  year: number;
  /** Where the days come from (the decision, the press report). */
  source?: string;
  days: CalendarDayEntry[];
}

export interface CalendarOptions {
  announced: CalendarYearData[];
  overrides: CalendarDayEntry[];
  mode: CountingMode;
}

export type DayKind = 'workday' | 'weekend' | 'off' | 'makeup';

export interface DayInfo {
  day: Day;
  working: boolean;
  kind: DayKind;
  /** Why the day is off or worked; null for an ordinary weekday or weekend day. */
  reason: string | null;
  reasonEn: string | null;
  confirmed: boolean;
  /** Where the decision came from. */
  source: 'weekly' | 'announced' | 'derived' | 'override';
}

export interface WorkingCalendar {
  readonly mode: CountingMode;
  isWorkingDay(day: Day): boolean;
  /** `WD(d, +n)`: the n-th working day after d (n ≥ 1). In `calendar` mode: d + n calendar days, moved forward to a working day. */
  after(day: Day, n: number): Day;
  /** `WD(d, −n)`: the n-th working day strictly before d (n ≥ 1). In `calendar` mode: d − n, moved back to a working day. */
  before(day: Day, n: number): Day;
  /**
   * Working days in (due, x'], where x' is x moved forward to the next working day when x is not
   * one. 0 when x ≤ due. Counted in working days in both modes.
   */
  workingDaysLate(due: Day, x: Day): number;
  /** The first working day on or after `day`. */
  nextWorkingDayOnOrAfter(day: Day): Day;
  info(day: Day): DayInfo;
  /** Days off (not weekends) and make-up days in [from, to], in order: for the "why" lines. */
  exceptionsBetween(from: Day, to: Day): DayInfo[];
  /** True when the year's days off were derived from the statutory rules, not announced. */
  isDerivedYear(year: number): boolean;
  /** Derived years that any query so far has looked at, ascending (EVALUATE.md `calendar.derivedYears`). */
  derivedYearsUsed(): number[];
}
