/**
 * Dates and instants as plain numbers, so the rule engine never allocates a Date in its hot path.
 *
 * - A `Day` is a local calendar date in Asia/Ho_Chi_Minh, counted in days since 1970-01-01.
 * - An `Instant` is milliseconds since the Unix epoch (UTC).
 *
 * Vietnam has kept UTC+7 without daylight saving since 1975, so the local date of an instant is a
 * fixed shift. Nothing this product tracks predates 1975.
 */
export type Day = number;
export type Instant = number;

export const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const MS_PER_DAY = 86_400_000;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT_RE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|z|[+-]\d{2}:?\d{2})$/;

/** Days in month m (1-12) of year y, proleptic Gregorian. */
export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/**
 * Day number of a calendar date (Howard Hinnant's days_from_civil, proleptic Gregorian). No
 * validation: use `parseDay` for input. Not `Date.UTC`, which reads years 0–99 as 1900–1999: a
 * .NET "no date" `0001-01-01` must stay year 1 (and be refused as implausible), not become 1901.
 */
export function dayFromYmd(y: number, m: number, d: number): Day {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = m > 2 ? m - 3 : m + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** `YYYY-MM-DD` that exists on the calendar, else null (`2025-02-30` is null). */
export function parseDay(text: string): Day | null {
  const m = DATE_RE.exec(text);
  if (!m) return null;
  const y = +m[1];
  const mo = +m[2];
  const d = +m[3];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return dayFromYmd(y, mo, d);
}

export interface Ymd {
  year: number;
  month: number;
  day: number;
}

/** Calendar date of a day number (Howard Hinnant's civil_from_days; no Date allocation). */
export function ymd(day: Day): Ymd {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d };
}

const pad2 = (n: number) => (n < 10 ? '0' + n : String(n));

// Every obligation prints several dates; most fall in a few years, so their text is cached.
const DAY_CACHE_FROM = dayFromYmd(1990, 1, 1);
const DAY_CACHE_SIZE = dayFromYmd(2100, 1, 1) - DAY_CACHE_FROM;
const dayText: (string | undefined)[] = new Array(DAY_CACHE_SIZE);
const dayYear = new Int16Array(DAY_CACHE_SIZE);

export function formatDay(day: Day): string {
  const i = day - DAY_CACHE_FROM;
  if (i >= 0 && i < DAY_CACHE_SIZE) {
    const cached = dayText[i];
    if (cached !== undefined) return cached;
  }
  const { year, month, day: d } = ymd(day);
  const text = `${year >= 0 && year < 1000 ? String(year).padStart(4, '0') : year}-${pad2(month)}-${pad2(d)}`;
  if (i >= 0 && i < DAY_CACHE_SIZE) dayText[i] = text;
  return text;
}

/** `dd/mm/yyyy`, as a Vietnamese reader writes a date. */
export function formatDayVi(day: Day): string {
  const { year, month, day: d } = ymd(day);
  return `${pad2(d)}/${pad2(month)}/${year}`;
}

export function yearOf(day: Day): number {
  const i = day - DAY_CACHE_FROM;
  if (i < 0 || i >= DAY_CACHE_SIZE) return ymd(day).year;
  return dayYear[i] === 0 ? (dayYear[i] = ymd(day).year) : dayYear[i];
}

/** ISO weekday: 1 = Monday … 7 = Sunday. 1970-01-01 (day 0) was a Thursday. */
export function isoWeekday(day: Day): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

export function isWeekend(day: Day): boolean {
  return isoWeekday(day) >= 6;
}

/**
 * An ISO 8601 instant that carries an offset (`Z` or `±hh:mm`), else null. Seconds and fractions
 * are optional; the date and time fields must exist.
 */
export function parseInstant(text: string): Instant | null {
  const m = INSTANT_RE.exec(text);
  if (!m) return null;
  const y = +m[1];
  const mo = +m[2];
  const d = +m[3];
  const h = +m[4];
  const mi = +m[5];
  const s = m[6] === undefined ? 0 : +m[6];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return null;
  const ms = m[7] === undefined ? 0 : Math.floor(+m[7].padEnd(3, '0').slice(0, 3));
  let offsetMin = 0;
  const tz = m[8];
  if (tz !== 'Z' && tz !== 'z') {
    const sign = tz[0] === '-' ? -1 : 1;
    const digits = tz.slice(1).replace(':', '');
    const oh = +digits.slice(0, 2);
    const om = +digits.slice(2, 4);
    if (oh > 23 || om > 59) return null;
    offsetMin = sign * (oh * 60 + om);
  }
  return dayFromYmd(y, mo, d) * MS_PER_DAY + ((h * 60 + mi) * 60 + s) * 1000 + ms - offsetMin * 60_000;
}

/** True when the text looks like an instant but has no offset (a common export mistake). */
export function lacksOffset(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text);
}

/** The local (Asia/Ho_Chi_Minh) date of an instant. */
export function localDay(instant: Instant): Day {
  return Math.floor((instant + VIETNAM_OFFSET_MS) / MS_PER_DAY);
}

/** An instant written in local time with its offset: `2025-03-14T09:30:00+07:00`. */
export function formatInstant(instant: Instant): string {
  const local = new Date(instant + VIETNAM_OFFSET_MS);
  const ms = local.getUTCMilliseconds();
  const frac = ms === 0 ? '' : '.' + String(ms).padStart(3, '0');
  return (
    `${local.getUTCFullYear()}-${pad2(local.getUTCMonth() + 1)}-${pad2(local.getUTCDate())}` +
    `T${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}:${pad2(local.getUTCSeconds())}${frac}+07:00`
  );
}

/** The start (00:00 local) of a day, as an instant. */
export function startOfLocalDay(day: Day): Instant {
  return day * MS_PER_DAY - VIETNAM_OFFSET_MS;
}

export interface IsoWeek {
  year: number;
  week: number;
}

/** ISO 8601 week of a day (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeekOf(day: Day): IsoWeek {
  const thursday = day - isoWeekday(day) + 4;
  const year = yearOf(thursday);
  const week = Math.floor((thursday - dayFromYmd(year, 1, 1)) / 7) + 1;
  return { year, week };
}

/** The Monday of an ISO week. */
export function mondayOfIsoWeek(year: number, week: number): Day {
  const jan4 = dayFromYmd(year, 1, 4);
  return jan4 - isoWeekday(jan4) + 1 + (week - 1) * 7;
}

export function formatIsoWeek(w: IsoWeek): string {
  return `${w.year}-W${pad2(w.week)}`;
}

/** `2025-W11` → {2025, 11} when that week exists in that year, else null. */
export function parseIsoWeek(text: string): IsoWeek | null {
  const m = /^(\d{4})-W(\d{2})$/.exec(text);
  if (!m) return null;
  const year = +m[1];
  const week = +m[2];
  if (week < 1) return null;
  const lastWeek = isoWeekOf(dayFromYmd(year, 12, 28)).week;
  return week > lastWeek ? null : { year, week };
}
