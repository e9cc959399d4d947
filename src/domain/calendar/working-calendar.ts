/**
 * The working calendar: which days are worked, and the day arithmetic the rules count with
 * (DOMAIN.md §2, CALENDAR.md).
 *
 * Layers, weakest first: the weekly rule (Mon–Fri worked), the derived year (only for a year with
 * no announced file), the announced year, the administrator's overrides. An announced file is the
 * whole truth for its year; derived days are never mixed into it.
 *
 * The rule engine asks for due dates of many thousands of obligations, so every arithmetic query
 * is O(1) over an index of a contiguous range of years: a working flag per day, a prefix count of
 * working days and the sorted list of working days. The range starts around the present and grows
 * (rebuilt, still contiguous) when a query reaches outside it.
 */
import { dayFromYmd, isoWeekday, parseDay, yearOf, type Day } from '../time.js';
import type {
  CalendarDayEntry,
  CalendarOptions,
  CalendarYearData,
  CountingMode,
  DayInfo,
  WorkingCalendar,
} from './calendar.js';
import { FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR, deriveYear } from './derive-year.js';

const INITIAL_FIRST_YEAR = 2015;
const INITIAL_LAST_YEAR = 2035;
/** Extra years added on the side a range grows, so a slowly drifting workload rebuilds rarely. */
const GROWTH_MARGIN_YEARS = 10;
/** A year has at least this many working days; used to size a growth step for a large n. */
const MIN_WORKING_DAYS_PER_YEAR = 200;

const ENTRY_KEYS = new Set(['date', 'kind', 'reason', 'reasonEn', 'confirmed']);
const YEAR_KEYS = new Set(['year', 'source', 'days']);

function quote(value: unknown): string {
  return value === undefined ? 'missing' : JSON.stringify(value);
}

function quoteVi(value: unknown): string {
  return value === undefined ? 'không có' : JSON.stringify(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Calendar data that cannot be used. `message` is the English text (logs, the configuration
 * loader); `vi` says the same in Vietnamese. `where` names the entry (`days[3]`, or `` for the whole
 * year), `date` the day once it is known, `field` the field at fault (`days[3].kind`, `year`), so an
 * administrator loading an announcement is told exactly what to fix.
 */
export class CalendarDataError extends Error {
  constructor(
    readonly field: string,
    readonly date: string | null,
    readonly vi: string,
    en: string,
  ) {
    super(en);
    this.name = 'CalendarDataError';
  }
}

/** Checks one day entry and returns a clean copy with its day number. */
function checkEntry(
  value: unknown,
  where: { en: string; vi: string; path: string },
): { day: Day; entry: CalendarDayEntry } {
  const fail = (field: string, date: string | null, vi: string, en: string): never => {
    const at = date === null ? '' : ` (${date})`;
    throw new CalendarDataError(
      field === '' ? where.path : `${where.path}.${field}`,
      date,
      `${where.vi}${at}: ${vi}`,
      `${where.en}${at}: ${en}`,
    );
  };
  if (!isRecord(value))
    return fail(
      '',
      null,
      `phải là một đối tượng, nhận được ${quoteVi(value)}`,
      `must be an object, got ${quote(value)}`,
    );
  const date = value.date;
  if (typeof date !== 'string')
    return fail(
      'date',
      null,
      `"date" phải là chuỗi ngày YYYY-MM-DD, nhận được ${quoteVi(date)}`,
      `"date" must be a YYYY-MM-DD string, got ${quote(date)}`,
    );
  const day = parseDay(date);
  if (day === null)
    return fail(
      'date',
      date,
      '"date" không phải ngày hợp lệ (YYYY-MM-DD có thật trên lịch)',
      'not a valid date (YYYY-MM-DD that exists on the calendar)',
    );
  for (const key of Object.keys(value)) {
    if (!ENTRY_KEYS.has(key)) fail(key, date, `trường "${key}" không được biết`, `unknown field "${key}"`);
  }
  if (value.kind !== 'off' && value.kind !== 'working') {
    fail(
      'kind',
      date,
      `"kind" phải là "off" (nghỉ) hoặc "working" (làm việc), nhận được ${quoteVi(value.kind)}`,
      `"kind" must be "off" or "working", got ${quote(value.kind)}`,
    );
  }
  if (typeof value.reason !== 'string' || value.reason.trim() === '') {
    fail(
      'reason',
      date,
      '"reason" phải là chuỗi không rỗng (lý do nghỉ hoặc làm việc)',
      '"reason" must be a non-empty string (why the day is off or worked)',
    );
  }
  if (value.reasonEn !== undefined && typeof value.reasonEn !== 'string') {
    fail(
      'reasonEn',
      date,
      `"reasonEn" phải là chuỗi, nhận được ${quoteVi(value.reasonEn)}`,
      `"reasonEn" must be a string, got ${quote(value.reasonEn)}`,
    );
  }
  if (value.confirmed !== undefined && typeof value.confirmed !== 'boolean') {
    fail(
      'confirmed',
      date,
      `"confirmed" phải là true hoặc false, nhận được ${quoteVi(value.confirmed)}`,
      `"confirmed" must be true or false, got ${quote(value.confirmed)}`,
    );
  }
  const entry: CalendarDayEntry = {
    date,
    kind: value.kind as 'off' | 'working',
    reason: value.reason as string,
  };
  if (value.reasonEn !== undefined) entry.reasonEn = value.reasonEn as string;
  if (value.confirmed !== undefined) entry.confirmed = value.confirmed as boolean;
  return { day, entry };
}

/**
 * Validates one year's announced data (a `config/calendars/<year>.json`, or an announcement an
 * administrator loads): a supported year, valid dates inside that year, no date twice. Returns a
 * clean copy. Throws a CalendarDataError naming the entry, its day and the field.
 */
export function checkCalendarYear(value: unknown): CalendarYearData {
  if (!isRecord(value))
    throw new CalendarDataError(
      '',
      null,
      `lịch năm: phải là một đối tượng JSON, nhận được ${quoteVi(value)}`,
      `calendar year: must be an object, got ${quote(value)}`,
    );
  const year = value.year;
  if (typeof year !== 'number' || !Number.isInteger(year)) {
    throw new CalendarDataError(
      'year',
      null,
      `lịch năm: "year" phải là số nguyên, nhận được ${quoteVi(year)}`,
      `calendar year: "year" must be an integer, got ${quote(year)}`,
    );
  }
  if (year < FIRST_SUPPORTED_YEAR || year > LAST_SUPPORTED_YEAR) {
    throw new CalendarDataError(
      'year',
      null,
      `lịch năm ${year}: ngoài các năm được hỗ trợ ${FIRST_SUPPORTED_YEAR}–${LAST_SUPPORTED_YEAR}`,
      `calendar ${year}: outside the supported years ${FIRST_SUPPORTED_YEAR}–${LAST_SUPPORTED_YEAR}`,
    );
  }
  for (const key of Object.keys(value)) {
    if (!YEAR_KEYS.has(key))
      throw new CalendarDataError(
        key,
        null,
        `lịch năm ${year}: trường "${key}" không được biết`,
        `calendar ${year}: unknown field "${key}"`,
      );
  }
  if (value.source !== undefined && typeof value.source !== 'string') {
    throw new CalendarDataError(
      'source',
      null,
      `lịch năm ${year}: "source" phải là chuỗi, nhận được ${quoteVi(value.source)}`,
      `calendar ${year}: "source" must be a string, got ${quote(value.source)}`,
    );
  }
  if (!Array.isArray(value.days))
    throw new CalendarDataError(
      'days',
      null,
      `lịch năm ${year}: "days" phải là một mảng`,
      `calendar ${year}: "days" must be an array`,
    );
  const seen = new Set<Day>();
  const days: CalendarDayEntry[] = value.days.map((raw: unknown, i: number) => {
    const where = {
      en: `calendar ${year}: days[${i}]`,
      vi: `lịch năm ${year}: days[${i}]`,
      path: `days[${i}]`,
    };
    const { day, entry } = checkEntry(raw, where);
    if (yearOf(day) !== year) {
      throw new CalendarDataError(
        `days[${i}].date`,
        entry.date,
        `${where.vi} (${entry.date}): ngày nằm ngoài năm ${year} của tệp`,
        `${where.en} (${entry.date}): the date is outside the file's year ${year}`,
      );
    }
    if (seen.has(day))
      throw new CalendarDataError(
        `days[${i}].date`,
        entry.date,
        `${where.vi} (${entry.date}): ngày này xuất hiện hai lần`,
        `${where.en} (${entry.date}): the date appears twice`,
      );
    seen.add(day);
    return entry;
  });
  const out: CalendarYearData = { year, days };
  if (value.source !== undefined) out.source = value.source;
  return out;
}

/** Validates the administrator's overrides (`config/calendar-overrides.json`). */
export function checkCalendarOverrides(value: unknown): CalendarDayEntry[] {
  if (!Array.isArray(value)) throw new Error(`calendar overrides: must be an array, got ${quote(value)}`);
  const seen = new Set<Day>();
  return value.map((raw: unknown, i: number) => {
    const { day, entry } = checkEntry(raw, {
      en: `calendar overrides: [${i}]`,
      vi: `điều chỉnh lịch: [${i}]`,
      path: `[${i}]`,
    });
    const year = yearOf(day);
    if (year < FIRST_SUPPORTED_YEAR || year > LAST_SUPPORTED_YEAR) {
      throw new Error(
        `calendar overrides: [${i}] (${entry.date}): outside the supported years ${FIRST_SUPPORTED_YEAR}–${LAST_SUPPORTED_YEAR}`,
      );
    }
    if (seen.has(day)) throw new Error(`calendar overrides: [${i}] (${entry.date}): the date appears twice`);
    seen.add(day);
    return entry;
  });
}

type Layer = 'announced' | 'derived' | 'override';

interface Placed {
  entry: CalendarDayEntry;
  source: Layer;
}

function entryMap(entries: CalendarDayEntry[], source: Layer): Map<Day, Placed> {
  const map = new Map<Day, Placed>();
  for (const entry of entries) map.set(parseDay(entry.date)!, { entry, source });
  return map;
}

/** The index over [firstYear, lastYear]; replaced as a whole when the range grows. */
interface DayIndex {
  firstYear: number;
  lastYear: number;
  /** Day number of 1 January of firstYear. */
  base: Day;
  /** Day number of 1 January after lastYear (exclusive end). */
  end: Day;
  /** 1 when day base+i is worked. */
  working: Uint8Array;
  /** prefix[i] = working days in [base, base+i). */
  prefix: Int32Array;
  /** Every working day of the range, ascending: the k-th working day is workDays[k]. */
  workDays: Int32Array;
  /** year − FIRST_SUPPORTED_YEAR of day base+i, so a query marks its years without a Date. */
  yearSlot: Uint16Array;
}

class IndexedWorkingCalendar implements WorkingCalendar {
  readonly mode: CountingMode;
  private readonly announced = new Map<number, Map<Day, Placed>>();
  private readonly derived = new Map<number, Map<Day, Placed>>();
  private readonly overrides: Map<Day, Placed>;
  /** Per supported year: 1 once a query has looked at it. Survives rebuilds. */
  private readonly touched = new Uint8Array(LAST_SUPPORTED_YEAR - FIRST_SUPPORTED_YEAR + 1);
  private index: DayIndex;

  constructor(options: CalendarOptions) {
    if (options.mode !== 'working' && options.mode !== 'calendar') {
      throw new Error(`calendar mode must be "working" or "calendar", got ${quote(options.mode)}`);
    }
    this.mode = options.mode;
    for (const raw of options.announced) {
      const data = checkCalendarYear(raw);
      if (this.announced.has(data.year)) throw new Error(`calendar ${data.year}: announced twice`);
      this.announced.set(data.year, entryMap(data.days, 'announced'));
    }
    this.overrides = entryMap(checkCalendarOverrides(options.overrides), 'override');
    this.index = this.buildIndex(INITIAL_FIRST_YEAR, INITIAL_LAST_YEAR);
  }

  // ---- queries -------------------------------------------------------------------------------

  isWorkingDay(day: Day): boolean {
    checkDay(day);
    this.touch(day, day);
    return this.index.working[day - this.index.base] === 1;
  }

  after(day: Day, n: number): Day {
    checkDay(day);
    checkCount(n);
    const result =
      this.mode === 'working' ? this.nthWorkingDayAfter(day, n) : this.firstWorkingDayOnOrAfter(day + n);
    this.touch(day, result);
    return result;
  }

  before(day: Day, n: number): Day {
    checkDay(day);
    checkCount(n);
    const result =
      this.mode === 'working' ? this.nthWorkingDayBefore(day, n) : this.lastWorkingDayOnOrBefore(day - n);
    this.touch(result, day);
    return result;
  }

  workingDaysLate(due: Day, x: Day): number {
    checkDay(due);
    checkDay(x);
    if (x <= due) return 0;
    const counted = this.firstWorkingDayOnOrAfter(x);
    this.touch(due, counted);
    const { prefix, base } = this.index;
    return prefix[counted - base + 1] - prefix[due - base + 1];
  }

  nextWorkingDayOnOrAfter(day: Day): Day {
    checkDay(day);
    const result = this.firstWorkingDayOnOrAfter(day);
    this.touch(day, result);
    return result;
  }

  info(day: Day): DayInfo {
    checkDay(day);
    this.touch(day, day);
    const working = this.index.working[day - this.index.base] === 1;
    const weekend = isoWeekday(day) >= 6;
    const placed = this.placedAt(day);
    if (!placed) {
      return {
        day,
        working,
        kind: weekend ? 'weekend' : 'workday',
        reason: null,
        reasonEn: null,
        confirmed: true,
        source: 'weekly',
      };
    }
    const { entry, source } = placed;
    return {
      day,
      working,
      kind: entry.kind === 'off' ? 'off' : weekend ? 'makeup' : 'workday',
      reason: entry.reason,
      reasonEn: entry.reasonEn ?? null,
      confirmed: entry.confirmed ?? true,
      source,
    };
  }

  exceptionsBetween(from: Day, to: Day): DayInfo[] {
    checkDay(from);
    checkDay(to);
    if (to < from) return [];
    this.cover(from, to);
    this.touch(from, to);
    // The entries are few (a dozen a year), so walk them rather than the days.
    const days = new Set<Day>();
    for (let y = yearOf(from); y <= yearOf(to); y++) {
      for (const d of this.yearEntries(y).keys()) if (d >= from && d <= to) days.add(d);
    }
    for (const d of this.overrides.keys()) if (d >= from && d <= to) days.add(d);
    return [...days].sort((a, b) => a - b).map((d) => this.info(d));
  }

  isDerivedYear(year: number): boolean {
    return !this.announced.has(year);
  }

  derivedYearsUsed(): number[] {
    const years: number[] = [];
    for (let slot = 0; slot < this.touched.length; slot++) {
      const year = FIRST_SUPPORTED_YEAR + slot;
      if (this.touched[slot] === 1 && this.isDerivedYear(year)) years.push(year);
    }
    return years;
  }

  // ---- index arithmetic ----------------------------------------------------------------------

  /** WD(d, +n): with k working days ≤ d, the answer is the (k+n)-th working day. */
  private nthWorkingDayAfter(day: Day, n: number): Day {
    this.cover(day, day);
    for (;;) {
      const { prefix, workDays, base, lastYear } = this.index;
      const at = prefix[day - base + 1] + n - 1;
      if (at < workDays.length) return workDays[at];
      this.growForward(lastYear, n);
    }
  }

  /** WD(d, −n): with k working days < d, the answer is the (k−n+1)-th working day. */
  private nthWorkingDayBefore(day: Day, n: number): Day {
    this.cover(day, day);
    for (;;) {
      const { prefix, workDays, base, firstYear } = this.index;
      const at = prefix[day - base] - n;
      if (at >= 0) return workDays[at];
      this.growBackward(firstYear, n);
    }
  }

  private firstWorkingDayOnOrAfter(day: Day): Day {
    this.cover(day, day);
    for (;;) {
      const { prefix, workDays, base, lastYear } = this.index;
      const at = prefix[day - base];
      if (at < workDays.length) return workDays[at];
      this.growForward(lastYear, 1);
    }
  }

  private lastWorkingDayOnOrBefore(day: Day): Day {
    this.cover(day, day);
    for (;;) {
      const { prefix, workDays, base, firstYear } = this.index;
      const at = prefix[day - base + 1] - 1;
      if (at >= 0) return workDays[at];
      this.growBackward(firstYear, 1);
    }
  }

  private growForward(lastYear: number, n: number): void {
    if (lastYear >= LAST_SUPPORTED_YEAR) {
      throw new RangeError(
        `The working calendar ends with ${LAST_SUPPORTED_YEAR}; the answer lies beyond it`,
      );
    }
    const years = Math.ceil(n / MIN_WORKING_DAYS_PER_YEAR) + 1;
    this.ensureYears(this.index.firstYear, Math.min(LAST_SUPPORTED_YEAR, lastYear + years));
  }

  private growBackward(firstYear: number, n: number): void {
    if (firstYear <= FIRST_SUPPORTED_YEAR) {
      throw new RangeError(
        `The working calendar starts with ${FIRST_SUPPORTED_YEAR}; the answer lies before it`,
      );
    }
    const years = Math.ceil(n / MIN_WORKING_DAYS_PER_YEAR) + 1;
    this.ensureYears(Math.max(FIRST_SUPPORTED_YEAR, firstYear - years), this.index.lastYear);
  }

  /** Makes the index hold every day in [from, to]. */
  private cover(from: Day, to: Day): void {
    const { base, end } = this.index;
    if (from >= base && to < end) return;
    this.ensureYears(yearOf(from), yearOf(to));
  }

  private ensureYears(first: number, last: number): void {
    if (first < FIRST_SUPPORTED_YEAR || last > LAST_SUPPORTED_YEAR) {
      const year = first < FIRST_SUPPORTED_YEAR ? first : last;
      throw new RangeError(
        `Year ${year} is outside the working calendar's years ${FIRST_SUPPORTED_YEAR}–${LAST_SUPPORTED_YEAR}`,
      );
    }
    const current = this.index;
    if (first >= current.firstYear && last <= current.lastYear) return;
    const newFirst =
      first < current.firstYear
        ? Math.max(FIRST_SUPPORTED_YEAR, first - GROWTH_MARGIN_YEARS)
        : current.firstYear;
    const newLast =
      last > current.lastYear ? Math.min(LAST_SUPPORTED_YEAR, last + GROWTH_MARGIN_YEARS) : current.lastYear;
    this.index = this.buildIndex(newFirst, newLast);
  }

  /** Marks the years of [from, to] as looked at (for `derivedYearsUsed`). */
  private touch(from: Day, to: Day): void {
    this.cover(from, to);
    const { yearSlot, base } = this.index;
    const last = yearSlot[to - base];
    for (let slot = yearSlot[from - base]; slot <= last; slot++) this.touched[slot] = 1;
  }

  // ---- data ------------------------------------------------------------------------------------

  /** The announced days of a year, else its derived days (computed once, kept). */
  private yearEntries(year: number): Map<Day, Placed> {
    const announced = this.announced.get(year);
    if (announced) return announced;
    let derived = this.derived.get(year);
    if (!derived) {
      derived = entryMap(deriveYear(year).days, 'derived');
      this.derived.set(year, derived);
    }
    return derived;
  }

  private placedAt(day: Day): Placed | undefined {
    return this.overrides.get(day) ?? this.yearEntries(yearOf(day)).get(day);
  }

  private buildIndex(firstYear: number, lastYear: number): DayIndex {
    const base = dayFromYmd(firstYear, 1, 1);
    const end = dayFromYmd(lastYear + 1, 1, 1);
    const size = end - base;
    const working = new Uint8Array(size);
    const yearSlot = new Uint16Array(size);

    let weekday = isoWeekday(base);
    for (let i = 0; i < size; i++) {
      working[i] = weekday <= 5 ? 1 : 0;
      weekday = weekday === 7 ? 1 : weekday + 1;
    }
    for (let year = firstYear; year <= lastYear; year++) {
      const from = dayFromYmd(year, 1, 1) - base;
      const to = dayFromYmd(year + 1, 1, 1) - base;
      yearSlot.fill(year - FIRST_SUPPORTED_YEAR, from, to);
      for (const [day, { entry }] of this.yearEntries(year))
        working[day - base] = entry.kind === 'working' ? 1 : 0;
    }
    for (const [day, { entry }] of this.overrides) {
      if (day >= base && day < end) working[day - base] = entry.kind === 'working' ? 1 : 0;
    }

    const prefix = new Int32Array(size + 1);
    for (let i = 0; i < size; i++) prefix[i + 1] = prefix[i] + working[i];
    const workDays = new Int32Array(prefix[size]);
    for (let i = 0, k = 0; i < size; i++) if (working[i] === 1) workDays[k++] = base + i;

    return { firstYear, lastYear, base, end, working, prefix, workDays, yearSlot };
  }
}

function checkDay(day: Day): void {
  if (!Number.isSafeInteger(day)) throw new RangeError(`Not a day number: ${day}`);
}

function checkCount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new RangeError(`A count of days must be an integer ≥ 1 (DOMAIN.md §2), got ${n}`);
  }
}

/**
 * The agency's working calendar from the announced years, the administrator's overrides and the
 * counting mode. Throws when the data is invalid (the message names the date and what is wrong).
 */
export function buildCalendar(options: CalendarOptions): WorkingCalendar {
  return new IndexedWorkingCalendar(options);
}
