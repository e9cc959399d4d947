/**
 * The default days off of a year nobody has announced yet, from the statutory rules
 * (Labor Code 2019, Art. 111–112; CALENDAR.md "For a year with no announced data").
 *
 * The government's real announcement usually differs (moved days, make-up Saturdays, a Tết block
 * placed around the weekend), so a derived year is a best guess and every entry says so with
 * `confirmed: false`; the report names derived years (EVALUATE.md `calendar.derivedYears`).
 */
import { getLunarDate, getSolarDate } from '@dqcai/vn-lunar';
import { dayFromYmd, formatDay, isoWeekday, ymd, type Day } from '../time.js';
import type { CalendarDayEntry, CalendarYearData } from './calendar.js';

/** Years the lunar tables of `@dqcai/vn-lunar` cover and the product accepts. */
export const FIRST_SUPPORTED_YEAR = 1900;
export const LAST_SUPPORTED_YEAR = 2199;

export const DERIVED_SOURCE =
  'Suy ra từ quy định (Bộ luật Lao động 2019, Điều 111–112), chưa có thông báo của Chính phủ / ' +
  'derived from the statutory rules (Labor Code 2019, Art. 111–112), not announced';

const WEEKDAY_VI = ['', 'thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy', 'Chủ nhật'];
const WEEKDAY_EN = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTH_EN = [
  '',
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

interface Holiday {
  day: Day;
  reason: string;
  reasonEn: string;
  /** How a compensation day names it: "Nghỉ bù {short} (thứ Bảy 29/4)". */
  short: string;
  shortEn: string;
  /** A day of the Tết block, kept whole rather than compensated day by day (`tetDaysOff`). */
  tet?: true;
  /** Compensated after the holidays of its date and the day before (the day adjacent to 2/9). */
  compensatedLast?: true;
}

/** "thứ Bảy 29/4", as the announcements write a date. */
function labelVi(day: Day): string {
  const { month, day: d } = ymd(day);
  return `${WEEKDAY_VI[isoWeekday(day)]} ${d}/${month}`;
}

function labelEn(day: Day): string {
  const { month, day: d } = ymd(day);
  return `${WEEKDAY_EN[isoWeekday(day)]} ${d} ${MONTH_EN[month]}`;
}

function solarDay(info: { day: number; month: number; year: number }, what: string): Day {
  // The package answers 0/0/0 outside its tables instead of throwing.
  if (info.year === 0) throw new RangeError(`No Vietnamese lunar data for ${what}`);
  return dayFromYmd(info.year, info.month, info.day);
}

/**
 * First day of lunar year `year` (mùng 1 Tết) on the Vietnamese calendar (UTC+7). It always falls
 * between 21 January and 20 February of the same solar year.
 */
export function lunarNewYear(year: number): Day {
  return solarDay(getSolarDate(1, 1, year, false), `lunar 1/1/${year}`);
}

/** 10th day of the regular (non-leap) 3rd lunar month: Giỗ Tổ Hùng Vương. */
export function hungKingsDay(year: number): Day {
  return solarDay(getSolarDate(10, 3, year, false), `lunar 10/3/${year}`);
}

/** How people name a Tết day: "29 tháng Chạp", "mùng 3 Tết". */
function tetReason(day: Day): { reason: string; reasonEn: string } {
  const { day: d, month: m, year: y } = ymd(day);
  const lunar = getLunarDate(d, m, y);
  if (lunar.month === 12) {
    return {
      reason: `Tết Nguyên đán (${lunar.day} tháng Chạp)`,
      reasonEn: `Lunar New Year (Tết), ${lunar.day}th day of the 12th lunar month`,
    };
  }
  return {
    reason: `Tết Nguyên đán (mùng ${lunar.day} Tết)`,
    reasonEn: `Lunar New Year (Tết), day ${lunar.day}`,
  };
}

/** The nearest weekday from `from` in `step` direction (±1) that is not already in `off`. */
function nearestFreeWeekday(from: Day, step: 1 | -1, off: Set<Day>): Day {
  let c = from;
  while (isoWeekday(c) > 5 || off.has(c)) c += step;
  return c;
}

/**
 * Tết as every announced year 2021–2026 kept it: the last day of the lunar year and the first four
 * days of the new year as ONE block of weekdays off. A block day on a Saturday moves to the weekday
 * before the block, one on a Sunday to the weekday after it (CALENDAR.md) — so the block stays
 * whole instead of being split by compensation days scattered after it. Each day is named by its
 * own lunar date, as the announcements do ("28 tháng Chạp", "mùng 5 Tết").
 */
function tetDaysOff(block: Day[], off: Set<Day>): Day[] {
  const days = block.filter((d) => isoWeekday(d) <= 5);
  for (const d of block) {
    if (isoWeekday(d) === 6) {
      const moved = nearestFreeWeekday(block[0] - 1, -1, off);
      off.add(moved);
      days.push(moved);
    }
  }
  for (const d of block) {
    if (isoWeekday(d) === 7) {
      const moved = nearestFreeWeekday(block[block.length - 1] + 1, 1, off);
      off.add(moved);
      days.push(moved);
    }
  }
  return days.sort((a, b) => a - b);
}

/**
 * Quốc khánh: 2/9 and one adjacent day, as the announced years chose it (CALENDAR.md): 2/9 on a
 * Monday or a Thursday takes 3/9 (the day that makes a long weekend or a bridge), any other weekday
 * takes 1/9. On a weekend both are weekend days and are compensated.
 */
function nationalDayHolidays(year: number): Holiday[] {
  const nationalDay = dayFromYmd(year, 9, 2);
  const weekday = isoWeekday(nationalDay);
  const adjacent = weekday === 1 || weekday === 4 ? nationalDay + 1 : nationalDay - 1;
  return [
    {
      day: nationalDay,
      reason: 'Quốc khánh 2/9',
      reasonEn: 'National Day (2 September)',
      short: 'Quốc khánh 2/9',
      shortEn: 'National Day',
    },
    {
      day: adjacent,
      reason: 'Quốc khánh (ngày liền kề 2/9)',
      reasonEn: 'National Day holiday (day adjacent to 2 September)',
      short: 'Quốc khánh',
      shortEn: 'National Day holiday',
      compensatedLast: true,
    },
  ];
}

function tetHolidays(year: number): Holiday[] {
  const newYear = lunarNewYear(year);
  return [newYear - 1, newYear, newYear + 1, newYear + 2, newYear + 3].map((day) => ({
    day,
    ...tetReason(day),
    short: 'Tết Nguyên đán',
    shortEn: 'Lunar New Year',
    tet: true,
  }));
}

/** Every statutory holiday of the year, in date order. */
export function statutoryHolidays(year: number): Holiday[] {
  if (!Number.isInteger(year) || year < FIRST_SUPPORTED_YEAR || year > LAST_SUPPORTED_YEAR) {
    throw new RangeError(
      `Year ${year} is outside the supported years ${FIRST_SUPPORTED_YEAR}–${LAST_SUPPORTED_YEAR}`,
    );
  }
  const list: Holiday[] = [
    {
      day: dayFromYmd(year, 1, 1),
      reason: 'Tết Dương lịch',
      reasonEn: "New Year's Day",
      short: 'Tết Dương lịch',
      shortEn: "New Year's Day",
    },
    ...tetHolidays(year),
    {
      day: hungKingsDay(year),
      reason: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)',
      reasonEn: "Hùng Kings' Commemoration Day (10th day of the 3rd lunar month)",
      short: 'Giỗ Tổ Hùng Vương',
      shortEn: "Hùng Kings' Commemoration Day",
    },
    {
      day: dayFromYmd(year, 4, 30),
      reason: 'Ngày Chiến thắng 30/4',
      reasonEn: 'Reunification Day (30 April)',
      short: 'Ngày Chiến thắng 30/4',
      shortEn: 'Reunification Day',
    },
    {
      day: dayFromYmd(year, 5, 1),
      reason: 'Ngày Quốc tế Lao động 1/5',
      reasonEn: 'International Labour Day (1 May)',
      short: 'Ngày Quốc tế Lao động 1/5',
      shortEn: 'International Labour Day',
    },
    ...nationalDayHolidays(year),
  ];
  return list.sort((a, b) => a.day - b.day);
}

/**
 * The derived calendar of `year`: holidays on weekdays; the Tết block kept whole (`tetDaysOff`);
 * for each other holiday on a Saturday or Sunday a compensation day (ngày nghỉ bù, Labor Code
 * Art. 111(3)) on the next weekday that is not already off, handled in date order (the day
 * adjacent to 2/9 after 2/9 itself, as 2029's announcement-style reading has it: Mon 3/9 for Sun
 * 2/9, Tue 4/9 for Sat 1/9) so that two weekend holidays in a row get two days.
 *
 * When two holidays fall on the same date (Giỗ Tổ can land on 30/4 or 1/5) the date is one day
 * off with both reasons and no extra compensation: the rule only compensates weekly rest days.
 * No moved days or make-up Saturdays are invented: only an announcement sets those.
 */
export function deriveYear(year: number): CalendarYearData {
  const holidays = statutoryHolidays(year);
  const others = holidays.filter((h) => !h.tet);

  const byDay = new Map<Day, Holiday[]>();
  for (const h of others) {
    const same = byDay.get(h.day);
    if (same) same.push(h);
    else byDay.set(h.day, [h]);
  }

  const days: CalendarDayEntry[] = [];
  const entry = (day: Day, reason: string, reasonEn: string) =>
    days.push({ date: formatDay(day), kind: 'off', reason, reasonEn, confirmed: false });
  // Off weekdays so far, holidays first so that compensation skips a later holiday too.
  const off = new Set<Day>();
  for (const d of byDay.keys()) if (isoWeekday(d) <= 5) off.add(d);

  const tetBlock = holidays.filter((h) => h.tet).map((h) => h.day);
  for (const d of tetDaysOff(tetBlock, off)) {
    off.add(d);
    const { reason, reasonEn } = tetReason(d);
    entry(d, reason, reasonEn);
  }

  const order = ([d, hs]: [Day, Holiday[]]) => d + (hs.every((h) => h.compensatedLast) ? 1.5 : 0);
  for (const [d, hs] of [...byDay.entries()].sort((a, b) => order(a) - order(b))) {
    if (isoWeekday(d) <= 5) {
      entry(d, hs.map((h) => h.reason).join('; '), hs.map((h) => h.reasonEn).join('; '));
      continue;
    }
    const c = nearestFreeWeekday(d + 1, 1, off);
    off.add(c);
    const h = hs[0];
    entry(c, `Nghỉ bù ${h.short} (${labelVi(d)})`, `Compensatory day off for ${h.shortEn} (${labelEn(d)})`);
  }

  days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { year, source: DERIVED_SOURCE, days };
}
