/**
 * Years with no announcement get their days off from the statutory rules, on the Vietnamese lunar
 * calendar (UTC+7), with weekend holidays compensated (CALENDAR.md).
 */
import { describe, expect, it } from '@jest/globals';
import { getYearInfo } from '@dqcai/vn-lunar';
import {
  deriveYear,
  hungKingsDay,
  lunarNewYear,
  statutoryHolidays,
} from '../../../src/domain/calendar/derive-year.js';
import { checkCalendarYear } from '../../../src/domain/calendar/working-calendar.js';
import { isoWeekday } from '../../../src/domain/time.js';
import { day, fmt } from './calendar-fixtures.js';

const offDates = (year: number) => deriveYear(year).days.map((e) => e.date);
const tetBlock = (year: number) =>
  statutoryHolidays(year)
    .filter((h) => h.reason.startsWith('Tết Nguyên đán'))
    .map((h) => fmt(h.day));

describe('lunar dates on the Vietnamese calendar', () => {
  it.each([
    // year, Vietnamese Tết, Chinese Tết where the two differ
    [1985, '1985-01-21', '1985-02-20'],
    [2007, '2007-02-17', '2007-02-18'],
    [2030, '2030-02-02', '2030-02-03'],
    [2024, '2024-02-10', null],
    [2025, '2025-01-29', null],
  ])('Tết %i falls on %s (not the Chinese %s)', (year, vietnamese, chinese) => {
    expect(fmt(lunarNewYear(year))).toBe(vietnamese);
    if (chinese) expect(fmt(lunarNewYear(year))).not.toBe(chinese);
  });

  it.each([
    [2023, '2023-04-29'],
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
  ])('Giỗ Tổ Hùng Vương %i falls on %s', (year, date) => {
    expect(fmt(hungKingsDay(year))).toBe(date);
  });

  it.each([
    // year with a leap (nhuận) 3rd month, 10th of the regular month, 10th of the leap month
    [1993, '1993-04-01', '1993-05-01'],
    [2031, '2031-04-01', '2031-04-30'],
    [2061, '2061-03-31', '2061-04-29'],
  ])('takes Giỗ Tổ %i in the regular 3rd month: %s, not %s', (year, regular, leap) => {
    // The premise: the year has a leap 3rd month, so "10/3" is ambiguous.
    expect(getYearInfo(year).some((m: { month: number; leap: boolean }) => m.month === 3 && m.leap)).toBe(
      true,
    );
    const hung = statutoryHolidays(year).filter((h) => h.reason.startsWith('Giỗ Tổ'));
    expect(hung.map((h) => fmt(h.day))).toEqual([regular]);
    expect(fmt(hungKingsDay(year))).not.toBe(leap);
  });
});

describe('Tết blocks: the last day of the lunar year and the first four of the new one', () => {
  it.each([
    [1985, ['1985-01-20', '1985-01-21', '1985-01-22', '1985-01-23', '1985-01-24']],
    [2007, ['2007-02-16', '2007-02-17', '2007-02-18', '2007-02-19', '2007-02-20']],
    [2030, ['2030-02-01', '2030-02-02', '2030-02-03', '2030-02-04', '2030-02-05']],
  ])('Tết %i is %j', (year, block) => {
    expect(tetBlock(year)).toEqual(block);
  });

  it.each([
    // year, weekdays off around Tết, one block: a Saturday of the block moves to the weekday before
    // it, a Sunday to the weekday after it (CALENDAR.md, the practice of 2021–2026)
    [1985, ['1985-01-21', '1985-01-22', '1985-01-23', '1985-01-24', '1985-01-25']], // Sun 20 Jan → Fri 25
    [2007, ['2007-02-15', '2007-02-16', '2007-02-19', '2007-02-20', '2007-02-21']], // Sat 17 → Thu 15, Sun 18 → Wed 21
    [2030, ['2030-01-31', '2030-02-01', '2030-02-04', '2030-02-05', '2030-02-06']], // Sat 2 → Thu 31/1, Sun 3 → Wed 6
    [2027, ['2027-02-04', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10']], // Thu 4 – Wed 10 Feb (CALENDAR.md)
    // The announced years, reproduced by the rule:
    [2021, ['2021-02-10', '2021-02-11', '2021-02-12', '2021-02-15', '2021-02-16']], // Wed 10 – Tue 16 Feb
    [2023, ['2023-01-20', '2023-01-23', '2023-01-24', '2023-01-25', '2023-01-26']],
    [2024, ['2024-02-08', '2024-02-09', '2024-02-12', '2024-02-13', '2024-02-14']],
    [2025, ['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31']],
    [2026, ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']],
  ])('%i gives weekdays off %j', (year, days) => {
    // From four days before the block to a week after it: nothing else is off.
    const from = fmt(lunarNewYear(year) - 5);
    const to = fmt(lunarNewYear(year) + 10);
    expect(offDates(year).filter((d) => d >= from && d <= to)).toEqual(days);
  });

  it('names the last day of the year as 29 or 30 tháng Chạp', () => {
    expect(deriveYear(2030).days.find((e) => e.date === '2030-02-01')!.reason).toBe(
      'Tết Nguyên đán (29 tháng Chạp)',
    );
    expect(statutoryHolidays(2024).find((h) => fmt(h.day) === '2024-02-09')!.reason).toBe(
      'Tết Nguyên đán (30 tháng Chạp)',
    );
  });
});

describe('weekend holidays are compensated on the next weekday not already off', () => {
  it.each([
    ['2022-01-03', 2022, 'Nghỉ bù Tết Dương lịch (thứ Bảy 1/1)'],
    ['2023-01-02', 2023, 'Nghỉ bù Tết Dương lịch (Chủ nhật 1/1)'],
    // Hùng Kings Sat 29/4 skips Mon 1/5 (a holiday) to Tue 2/5; 30/4 Sun then gets Wed 3/5.
    ['2023-05-02', 2023, 'Nghỉ bù Giỗ Tổ Hùng Vương (thứ Bảy 29/4)'],
    ['2023-05-03', 2023, 'Nghỉ bù Ngày Chiến thắng 30/4 (Chủ nhật 30/4)'],
    ['2022-04-11', 2022, 'Nghỉ bù Giỗ Tổ Hùng Vương (Chủ nhật 10/4)'],
    ['2022-05-02', 2022, 'Nghỉ bù Ngày Chiến thắng 30/4 (thứ Bảy 30/4)'],
    ['2022-05-03', 2022, 'Nghỉ bù Ngày Quốc tế Lao động 1/5 (Chủ nhật 1/5)'],
    ['2027-05-03', 2027, 'Nghỉ bù Ngày Quốc tế Lao động 1/5 (thứ Bảy 1/5)'],
    ['2028-09-04', 2028, 'Nghỉ bù Quốc khánh 2/9 (thứ Bảy 2/9)'],
    // Sun 2/9: Mon 3/9 for 2/9 itself, Tue 4/9 for the adjacent Sat 1/9 (CALENDAR.md)
    ['2029-09-03', 2029, 'Nghỉ bù Quốc khánh 2/9 (Chủ nhật 2/9)'],
    ['2029-09-04', 2029, 'Nghỉ bù Quốc khánh (thứ Bảy 1/9)'],
  ])('%s is off in %i: %s', (date, year, reason) => {
    const entry = deriveYear(year).days.find((e) => e.date === date);
    expect(entry).toMatchObject({ kind: 'off', reason, confirmed: false });
    expect(entry!.reasonEn).toMatch(/^Compensatory day off for /);
  });
});

describe('Quốc khánh: 2/9 and the adjacent day', () => {
  it.each([
    [2024, ['2024-09-02', '2024-09-03']], // Mon 2/9: the adjacent day is Tue 3/9
    [2025, ['2025-09-01', '2025-09-02']], // Tue → Mon 1/9
    [2026, ['2026-09-01', '2026-09-02']], // Wed → Tue 1/9 (the announcement added Mon 31/8, moved)
    [2021, ['2021-09-02', '2021-09-03']], // Thu → Fri 3/9, as 2021 was announced
    [2022, ['2022-09-01', '2022-09-02']], // Fri → Thu 1/9
    [2023, ['2023-09-01', '2023-09-04']], // Sat 2/9 → Fri 1/9 and Mon 4/9, as 2023 was announced
    [2027, ['2027-09-02', '2027-09-03']], // Thu → Fri 3/9
    [2028, ['2028-09-01', '2028-09-04']], // Sat 2/9 → Fri 1/9 and Mon 4/9
    [2029, ['2029-09-03', '2029-09-04']], // Sat 1/9, Sun 2/9 → Mon 3/9, Tue 4/9
  ])('%i: weekdays off %j', (year, days) => {
    expect(offDates(year).filter((d) => d.slice(5, 7) === '09')).toEqual(days);
  });
});

describe('when two holidays share a date', () => {
  it('gives one day with both reasons and no extra day (Giỗ Tổ on 30/4/1947)', () => {
    expect(fmt(hungKingsDay(1947))).toBe('1947-04-30');
    const entry = deriveYear(1947).days.find((e) => e.date === '1947-04-30');
    expect(entry!.reason).toBe('Giỗ Tổ Hùng Vương (10/3 âm lịch); Ngày Chiến thắng 30/4');
    expect(offDates(1947).filter((d) => d.slice(5, 7) === '05')).toEqual(['1947-05-01']);
  });
});

describe('every year 1900–2199', () => {
  const years = Array.from({ length: 300 }, (_, i) => 1900 + i);

  it('derives valid year data: weekdays off inside the year, in order, marked unconfirmed', () => {
    for (const year of years) {
      const data = deriveYear(year);
      expect(() => checkCalendarYear(data)).not.toThrow();
      const dates = data.days.map((e) => e.date);
      expect(dates).toEqual([...dates].sort());
      for (const e of data.days) {
        expect(e.kind).toBe('off');
        expect(e.confirmed).toBe(false);
        expect(isoWeekday(day(e.date))).toBeLessThanOrEqual(5);
      }
    }
  });

  it('gives one weekday off per holiday date: 11 holidays, 10 dates when two coincide', () => {
    for (const year of years) {
      const holidays = statutoryHolidays(year);
      expect(holidays).toHaveLength(11);
      const dates = new Set(holidays.map((h) => h.day));
      expect(deriveYear(year).days).toHaveLength(dates.size);
    }
  });

  it('refuses years the lunar tables do not cover', () => {
    expect(() => deriveYear(1899)).toThrow(RangeError);
    expect(() => deriveYear(2200)).toThrow(/2200/);
  });
});
