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

function tetHolidays(year: number): Holiday[] {
  const newYear = lunarNewYear(year);
  const eve = newYear - 1;
  const { day: d, month: m, year: y } = ymd(eve);
  // 29 or 30 tháng Chạp: the last lunar month has 29 or 30 days, and people name the day.
  const eveLunarDay = getLunarDate(d, m, y).day;
  const out: Holiday[] = [
    {
      day: eve,
      reason: `Tết Nguyên đán (${eveLunarDay} tháng Chạp)`,
      reasonEn: 'Lunar New Year (Tết), last day of the lunar year',
      short: 'Tết Nguyên đán',
      shortEn: 'Lunar New Year',
    },
  ];
  for (let k = 1; k <= 4; k++) {
    out.push({
      day: newYear + k - 1,
      reason: `Tết Nguyên đán (mùng ${k} Tết)`,
      reasonEn: `Lunar New Year (Tết), day ${k}`,
      short: 'Tết Nguyên đán',
      shortEn: 'Lunar New Year',
    });
  }
  return out;
}

function nationalDayHolidays(year: number): Holiday[] {
  const nationalDay = dayFromYmd(year, 9, 2);
  // The adjacent day is 1/9, except that it would be a Sunday when 2/9 is a Monday.
  const adjacent = isoWeekday(nationalDay) === 1 ? nationalDay + 1 : nationalDay - 1;
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
    },
  ];
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
 * The derived calendar of `year`: holidays on weekdays, and for each holiday on a Saturday or
 * Sunday a compensation day (ngày nghỉ bù, Labor Code Art. 111(3)) on the next weekday that is not
 * already off, handled in date order so that two weekend holidays in a row get two days.
 *
 * When two holidays fall on the same date (Giỗ Tổ can land on 30/4 or 1/5) the date is one day
 * off with both reasons and no extra compensation: the rule only compensates weekly rest days.
 */
export function deriveYear(year: number): CalendarYearData {
  const holidays = statutoryHolidays(year);

  const byDay = new Map<Day, Holiday[]>();
  for (const h of holidays) {
    const same = byDay.get(h.day);
    if (same) same.push(h);
    else byDay.set(h.day, [h]);
  }

  const days: CalendarDayEntry[] = [];
  // Off weekdays so far, holidays first so that compensation skips a later holiday too.
  const off = new Set<Day>();
  for (const d of byDay.keys()) if (isoWeekday(d) <= 5) off.add(d);

  for (const [d, hs] of [...byDay.entries()].sort((a, b) => a[0] - b[0])) {
    if (isoWeekday(d) <= 5) {
      days.push({
        date: formatDay(d),
        kind: 'off',
        reason: hs.map((h) => h.reason).join('; '),
        reasonEn: hs.map((h) => h.reasonEn).join('; '),
        confirmed: false,
      });
      continue;
    }
    let c = d + 1;
    while (isoWeekday(c) > 5 || off.has(c)) c++;
    off.add(c);
    const h = hs[0];
    days.push({
      date: formatDay(c),
      kind: 'off',
      reason: `Nghỉ bù ${h.short} (${labelVi(d)})`,
      reasonEn: `Compensatory day off for ${h.shortEn} (${labelEn(d)})`,
      confirmed: false,
    });
  }

  days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { year, source: DERIVED_SOURCE, days };
}
