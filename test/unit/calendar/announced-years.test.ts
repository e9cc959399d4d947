/**
 * The shipped calendars 2023–2026 say exactly what CALENDAR.md's table says, and the calendar
 * built from them treats every one of those days (and the days around them) accordingly.
 */
import { describe, expect, it } from '@jest/globals';
import { isoWeekday } from '../../../src/domain/time.js';
import { day, fmt, shippedCalendar, shippedOptions } from './calendar-fixtures.js';

type Row = [date: string, kind: 'off' | 'working', reason: string, confirmed: boolean];

/** CALENDAR.md, "Announced days off for public servants", one row per day. */
const ANNOUNCED: Record<number, Row[]> = {
  2023: [
    ['2023-01-02', 'off', 'Nghỉ bù Tết Dương lịch', true], // for Sun 1 Jan
    ['2023-01-20', 'off', 'Tết Nguyên đán', true],
    ['2023-01-23', 'off', 'Tết Nguyên đán', true],
    ['2023-01-24', 'off', 'Tết Nguyên đán', true],
    ['2023-01-25', 'off', 'Tết Nguyên đán', true],
    ['2023-01-26', 'off', 'Tết Nguyên đán', true],
    ['2023-05-01', 'off', 'Ngày Quốc tế Lao động 1/5', true],
    ['2023-05-02', 'off', 'Nghỉ bù Giỗ Tổ Hùng Vương', true], // for Sat 29 Apr
    ['2023-05-03', 'off', 'Nghỉ bù Ngày Chiến thắng 30/4', true], // for Sun 30 Apr
    ['2023-09-01', 'off', 'Quốc khánh', true], // confirmed by 8056/VPCP-KGVX
    ['2023-09-04', 'off', 'Nghỉ bù Quốc khánh 2/9', true],
  ],
  2024: [
    ['2024-01-01', 'off', 'Tết Dương lịch', true],
    ['2024-02-08', 'off', 'Tết Nguyên đán', true],
    ['2024-02-09', 'off', 'Tết Nguyên đán', true],
    ['2024-02-12', 'off', 'Tết Nguyên đán', true],
    ['2024-02-13', 'off', 'Tết Nguyên đán', true],
    ['2024-02-14', 'off', 'Tết Nguyên đán', true],
    ['2024-04-18', 'off', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', true],
    ['2024-04-29', 'off', 'Hoán đổi', true], // moved, made up on Sat 4 May
    ['2024-04-30', 'off', 'Ngày Chiến thắng 30/4', true],
    ['2024-05-01', 'off', 'Ngày Quốc tế Lao động 1/5', true],
    ['2024-05-04', 'working', 'Làm bù cho thứ Hai 29/4', true],
    ['2024-09-02', 'off', 'Quốc khánh 2/9', true],
    ['2024-09-03', 'off', 'Quốc khánh', true],
  ],
  2025: [
    ['2025-01-01', 'off', 'Tết Dương lịch', true],
    ['2025-01-27', 'off', 'Tết Nguyên đán', true],
    ['2025-01-28', 'off', 'Tết Nguyên đán', true],
    ['2025-01-29', 'off', 'Tết Nguyên đán', true],
    ['2025-01-30', 'off', 'Tết Nguyên đán', true],
    ['2025-01-31', 'off', 'Tết Nguyên đán', true],
    ['2025-04-07', 'off', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', true],
    ['2025-04-26', 'working', 'Làm bù cho thứ Sáu 2/5', true],
    ['2025-04-30', 'off', 'Ngày Chiến thắng 30/4', true],
    ['2025-05-01', 'off', 'Ngày Quốc tế Lao động 1/5', true],
    ['2025-05-02', 'off', 'Hoán đổi', true], // moved, made up on Sat 26 Apr
    ['2025-09-01', 'off', 'Quốc khánh', true],
    ['2025-09-02', 'off', 'Quốc khánh 2/9', true],
  ],
  2026: [
    ['2026-01-01', 'off', 'Tết Dương lịch', true],
    ['2026-01-02', 'off', 'Hoán đổi', true], // moved, made up on Sat 10 Jan
    ['2026-01-10', 'working', 'Làm bù cho thứ Sáu 2/1', true],
    ['2026-02-16', 'off', 'Tết Nguyên đán', true],
    ['2026-02-17', 'off', 'Tết Nguyên đán', true],
    ['2026-02-18', 'off', 'Tết Nguyên đán', true],
    ['2026-02-19', 'off', 'Tết Nguyên đán', true],
    ['2026-02-20', 'off', 'Tết Nguyên đán', true],
    ['2026-04-27', 'off', 'Nghỉ bù Giỗ Tổ Hùng Vương', true], // for Sun 26 Apr
    ['2026-04-30', 'off', 'Ngày Chiến thắng 30/4', true],
    ['2026-05-01', 'off', 'Ngày Quốc tế Lao động 1/5', true],
    // The Prime Minister's decision of 13 Oct 2025: off Sat 29 Aug – Wed 2 Sep, Mon 31 Aug moved.
    ['2026-08-22', 'working', 'Làm bù cho thứ Hai 31/8', true],
    ['2026-08-31', 'off', 'Hoán đổi', true],
    ['2026-09-01', 'off', 'Quốc khánh', true],
    ['2026-09-02', 'off', 'Quốc khánh 2/9', true],
  ],
};

const ALL_ROWS = Object.values(ANNOUNCED).flat();

/** Working days next to the announced ones: a shifted block would turn one of these off. */
const AROUND: [date: string, working: boolean, why: string][] = [
  ['2023-01-03', true, 'Tue after the New Year compensation'],
  ['2023-01-19', true, 'Thu before Tết 2023'],
  ['2023-01-27', true, 'Fri after Tết 2023 (the derived rule would give it off)'],
  ['2023-04-28', true, 'Fri before the 29/4–3/5 break'],
  ['2023-04-29', false, 'Sat, Hùng Kings on a weekend'],
  ['2023-05-04', true, 'Thu after the break'],
  ['2023-08-31', true, 'Thu before Quốc khánh 2023'],
  ['2023-09-05', true, 'Tue after Quốc khánh 2023'],
  ['2024-01-02', true, 'Tue after New Year 2024'],
  ['2024-02-07', true, 'Wed before Tết 2024'],
  ['2024-02-15', true, 'Thu after Tết 2024 (the derived rule would give it off)'],
  ['2024-04-17', true, 'Wed before Hùng Kings 2024'],
  ['2024-04-19', true, 'Fri after Hùng Kings 2024'],
  ['2024-04-26', true, 'Fri before the 27/4–1/5 break'],
  ['2024-04-27', false, 'Sat, start of the break'],
  ['2024-05-02', true, 'Thu after the break'],
  ['2024-05-03', true, 'Fri before the make-up Saturday'],
  ['2024-05-05', false, 'Sun after the make-up Saturday'],
  ['2024-08-30', true, 'Fri before Quốc khánh 2024'],
  ['2024-08-31', false, 'Sat'],
  ['2024-09-04', true, 'Wed after Quốc khánh 2024'],
  ['2025-01-02', true, 'Thu after New Year 2025'],
  ['2025-01-24', true, 'Fri before Tết 2025'],
  ['2025-02-03', true, 'Mon after Tết 2025 (the derived rule would give it off)'],
  ['2025-04-04', true, 'Fri before Hùng Kings 2025'],
  ['2025-04-08', true, 'Tue after Hùng Kings 2025'],
  ['2025-04-25', true, 'Fri before the make-up Saturday'],
  ['2025-04-27', false, 'Sun after the make-up Saturday'],
  ['2025-04-29', true, 'Tue before 30/4'],
  ['2025-05-05', true, 'Mon after the 30/4–4/5 break'],
  ['2025-08-29', true, 'Fri before Quốc khánh 2025'],
  ['2025-09-03', true, 'Wed after Quốc khánh 2025'],
  ['2026-01-05', true, 'Mon after New Year 2026'],
  ['2026-01-09', true, 'Fri before the make-up Saturday'],
  ['2026-01-11', false, 'Sun after the make-up Saturday'],
  ['2026-02-13', true, 'Fri before Tết 2026'],
  ['2026-02-23', true, 'Mon after Tết 2026'],
  ['2026-04-24', true, 'Fri before the Hùng Kings weekend'],
  ['2026-04-28', true, 'Tue after the Hùng Kings compensation'],
  ['2026-04-29', true, 'Wed before 30/4'],
  ['2026-05-04', true, 'Mon after 1/5'],
  ['2026-08-21', true, 'Fri before the make-up Saturday 22 Aug 2026'],
  ['2026-08-23', false, 'Sun after the make-up Saturday'],
  ['2026-08-28', true, 'Fri before Quốc khánh 2026'],
  ['2026-09-03', true, 'Thu after Quốc khánh 2026'],
];

describe('shipped calendar files', () => {
  const options = shippedOptions();

  it('announce exactly 2023, 2024, 2025 and 2026, each with a source', () => {
    expect(options.announced.map((y) => y.year).sort()).toEqual([2023, 2024, 2025, 2026]);
    for (const y of options.announced) expect(y.source).toMatch(/\S{10,}/);
  });

  it.each(Object.keys(ANNOUNCED).map(Number))(
    '%i holds exactly the days of the CALENDAR.md table',
    (year) => {
      const data = options.announced.find((y) => y.year === year)!;
      expect(data.days.map((e) => [e.date, e.kind]).sort()).toEqual(
        ANNOUNCED[year].map((r) => [r[0], r[1]]).sort(),
      );
    },
  );

  it.each(ALL_ROWS)('%s (%s): reason "%s…", confirmed %s', (date, kind, reason, confirmed) => {
    const entry = options.announced.flatMap((y) => y.days).find((e) => e.date === date)!;
    expect(entry.kind).toBe(kind);
    expect(entry.reason.startsWith(reason)).toBe(true);
    expect(entry.reasonEn).toMatch(/[A-Za-z]{4,}/);
    expect(entry.confirmed ?? true).toBe(confirmed);
    // Days off are weekdays and make-up days are Saturdays, as the table says.
    expect(isoWeekday(day(date)) <= 5).toBe(kind === 'off');
  });

  it('ship no override', () => {
    expect(options.overrides).toEqual([]);
  });
});

describe('the calendar on announced years', () => {
  const cal = shippedCalendar();

  it.each(ALL_ROWS)('%s is %s', (date, kind, reason, confirmed) => {
    const info = cal.info(day(date));
    expect(info.working).toBe(kind === 'working');
    expect(cal.isWorkingDay(day(date))).toBe(kind === 'working');
    expect(info.kind).toBe(kind === 'working' ? 'makeup' : 'off');
    expect(info.source).toBe('announced');
    expect(info.reason!.startsWith(reason)).toBe(true);
    expect(info.confirmed).toBe(confirmed);
  });

  it.each(AROUND)('%s is working: %s (%s)', (date, working) => {
    expect(cal.isWorkingDay(day(date))).toBe(working);
    expect(cal.info(day(date)).source).toBe('weekly');
  });

  it.each([2023, 2024, 2025, 2026])('%i: the only exceptions to Mon–Fri are the table’s days', (year) => {
    const exceptions: string[] = [];
    for (let d = day(`${year}-01-01`); d <= day(`${year}-12-31`); d++) {
      if (cal.isWorkingDay(d) !== isoWeekday(d) <= 5) exceptions.push(fmt(d));
    }
    expect(exceptions).toEqual(ANNOUNCED[year].map((r) => r[0]).sort());
  });

  it('explains the 30/4 break of 2025 with its reasons, in order', () => {
    const lines = cal.exceptionsBetween(day('2025-04-25'), day('2025-05-05'));
    expect(lines.map((i) => [fmt(i.day), i.kind, i.reason])).toEqual([
      ['2025-04-26', 'makeup', 'Làm bù cho thứ Sáu 2/5'],
      ['2025-04-30', 'off', 'Ngày Chiến thắng 30/4'],
      ['2025-05-01', 'off', 'Ngày Quốc tế Lao động 1/5'],
      ['2025-05-02', 'off', 'Hoán đổi ngày làm việc: nghỉ thứ Sáu 2/5, làm bù thứ Bảy 26/4'],
    ]);
  });

  it('describes an ordinary weekday and weekend day without a reason', () => {
    expect(cal.info(day('2024-03-12'))).toEqual({
      day: day('2024-03-12'),
      working: true,
      kind: 'workday',
      reason: null,
      reasonEn: null,
      confirmed: true,
      source: 'weekly',
    });
    expect(cal.info(day('2024-03-16'))).toMatchObject({ working: false, kind: 'weekend', reason: null });
  });

  it('reports no derived year for queries inside the announced years', () => {
    expect(cal.derivedYearsUsed()).toEqual([]);
    expect(cal.isDerivedYear(2024)).toBe(false);
  });
});
