/**
 * Day arithmetic of the working calendar (DOMAIN.md §2): the worked examples, derived years,
 * overrides, the `calendar` counting mode, and refusals of bad data.
 */
import { describe, expect, it } from '@jest/globals';
import type { CalendarOptions, CalendarYearData } from '../../../src/domain/calendar/calendar.js';
import { buildCalendar } from '../../../src/domain/calendar/working-calendar.js';
import {
  day,
  fmt,
  offEntry,
  referenceWorkingDay,
  shippedCalendar,
  shippedOptions,
  walkAfter,
  walkBefore,
  workingEntry,
} from './calendar-fixtures.js';

describe('the worked facts of examples/2024-basic', () => {
  const cal = shippedCalendar();

  it.each([
    ['2024-02-07', 3, '2024-02-19', 'plan e1: Thu 8 – Wed 14 Feb are Tết; 15, 16, 19 Feb count'],
    ['2024-05-02', 3, '2024-05-06', 'plan e2: Fri 3, Sat 4 (make-up day), Mon 6'],
    ['2024-04-16', 1, '2024-04-17', 'e4d: the next working day after Tue 16 Apr skips nothing'],
    ['2024-04-17', 1, '2024-04-19', 'Thu 18 Apr is Giỗ Tổ Hùng Vương'],
    ['2024-04-26', 1, '2024-05-02', 'Sat 27 Apr – Wed 1 May are off'],
    ['2024-12-31', 1, '2025-01-02', 'across the year end: Wed 1 Jan 2025 is off'],
  ])('WD(%s, +%i) = %s (%s)', (from, n, expected) => {
    expect(fmt(cal.after(day(from), n))).toBe(expected);
  });

  it.each([
    ['2024-05-06', 1, '2024-05-04', 'weekly schedule W19: the working day before Mon 6 May is Sat 4 May'],
    ['2024-04-29', 1, '2024-04-26', 'weekly schedule W18: Mon 29 Apr is itself off'],
    ['2024-03-15', 2, '2024-03-13', 'e3d: U = 2 working days before Fri 15 Mar'],
    ['2024-03-13', 1, '2024-03-12', 'e3d: S = 1 working day before U'],
    ['2024-04-19', 2, '2024-04-16', 'e4d: U skips Thu 18 Apr'],
    ['2024-04-16', 1, '2024-04-15', 'e4d: S'],
    ['2024-02-19', 3, '2024-02-07', 'back over Tết 2024'],
  ])('WD(%s, −%i) = %s (%s)', (from, n, expected) => {
    expect(fmt(cal.before(day(from), n))).toBe(expected);
  });

  it.each([
    ['2024-04-26', '2024-04-27', 1, 'W18 published Sat 27 Apr; counted from Thu 2 May'],
    ['2024-05-06', '2024-05-08', 2, 'plan e2 as of Wed 8 May: 7 and 8 May'],
    ['2024-04-17', '2024-04-19', 1, 'e4d done Fri 19 Apr; Thu 18 is off'],
    ['2024-03-13', '2024-03-13', 0, 'on the due date'],
    ['2024-03-13', '2024-03-01', 0, 'before the due date'],
    ['2024-03-15', '2024-03-16', 1, 'done Saturday: counted as Monday'],
    ['2024-02-07', '2024-02-10', 1, 'done during Tết: counted as Thu 15 Feb'],
    ['2024-02-07', '2024-02-15', 1, 'the first working day after Tết'],
  ])('workingDaysLate(%s, %s) = %i (%s)', (due, x, expected) => {
    expect(cal.workingDaysLate(day(due), day(x))).toBe(expected);
  });

  it.each([
    ['2024-04-27', '2024-05-02'],
    ['2024-05-04', '2024-05-04'],
    ['2024-02-08', '2024-02-15'],
    ['2024-03-12', '2024-03-12'],
  ])('the first working day on or after %s is %s', (from, expected) => {
    expect(fmt(cal.nextWorkingDayOnOrAfter(day(from)))).toBe(expected);
  });
});

describe('derived years', () => {
  it('are reported once a query touches them, and only then', () => {
    const cal = shippedCalendar();
    cal.after(day('2024-02-07'), 3);
    cal.before(day('2024-05-06'), 1);
    cal.workingDaysLate(day('2024-04-26'), day('2024-04-27'));
    cal.info(day('2024-09-02'));
    expect(cal.derivedYearsUsed()).toEqual([]);

    // Tết 2027 (derived, one block): Thu 4 Feb – Wed 10 Feb off, so after Wed 3 Feb comes Thu 11 Feb.
    expect(fmt(cal.after(day('2027-02-03'), 1))).toBe('2027-02-11');
    expect(cal.derivedYearsUsed()).toEqual([2027]);

    cal.before(day('2023-01-03'), 2); // lands in 2022
    expect(cal.derivedYearsUsed()).toEqual([2022, 2027]);
  });

  it('include a year a count crosses without starting or ending in it', () => {
    const cal = shippedCalendar();
    const start = day('2026-06-01');
    const end = cal.after(start, 600);
    expect(fmt(end).slice(0, 4)).toBe('2028');
    expect(cal.derivedYearsUsed()).toEqual([2027, 2028]);
  });

  it('do not include a year that was merely indexed', () => {
    const cal = shippedCalendar();
    cal.isWorkingDay(day('2025-06-02'));
    expect(cal.derivedYearsUsed()).toEqual([]);
    expect(cal.isDerivedYear(2030)).toBe(true);
    expect(cal.isDerivedYear(2025)).toBe(false);
  });

  it('explain their days with the statutory reasons', () => {
    const cal = shippedCalendar();
    expect(cal.info(day('2027-02-10'))).toMatchObject({
      working: false,
      kind: 'off',
      reason: 'Tết Nguyên đán (mùng 5 Tết)',
      confirmed: false,
      source: 'derived',
    });
    expect(
      cal.exceptionsBetween(day('2027-04-28'), day('2027-05-05')).map((i) => [fmt(i.day), i.reason]),
    ).toEqual([
      ['2027-04-30', 'Ngày Chiến thắng 30/4'],
      ['2027-05-03', 'Nghỉ bù Ngày Quốc tế Lao động 1/5 (thứ Bảy 1/5)'],
    ]);
  });

  it('never replace an announced day: 2026 has its own Quốc khánh, not the derived one', () => {
    const cal = shippedCalendar();
    expect(cal.isWorkingDay(day('2026-08-31'))).toBe(false); // moved off by the announcement
    expect(cal.isWorkingDay(day('2026-08-22'))).toBe(true); // its make-up Saturday
    expect(cal.isWorkingDay(day('2026-09-03'))).toBe(true);
  });

  it.each([
    ['1900-01-02', 1, '1900-01-03'],
    // Sun 20 Jan 1985 is the last lunar day; Mon 21 – Thu 24 are Tết and Fri 25 compensates Sun 20.
    ['1985-01-18', 1, '1985-01-28'],
    ['1985-01-18', 2, '1985-01-29'],
    // Tết 2007 and 2030 start on a Saturday: the block is Thu – Wed around the weekend.
    ['2007-02-14', 1, '2007-02-22'],
    ['2030-01-30', 1, '2030-02-07'],
    ['2199-12-30', 1, '2199-12-31'],
  ])('work far from the present: WD(%s, +%i) = %s', (from, n, expected) => {
    const cal = shippedCalendar();
    expect(fmt(cal.after(day(from), n))).toBe(expected);
  });

  it('agree with a day-by-day walk after the range grows both ways', () => {
    const options = shippedOptions();
    const cal = buildCalendar(options);
    const isWorking = referenceWorkingDay(options);
    const from = day('2024-07-01');
    expect(cal.after(from, 20_000)).toBe(walkAfter(isWorking, from, 20_000));
    expect(cal.before(from, 20_000)).toBe(walkBefore(isWorking, from, 20_000));
  });

  it('stop at the ends of the supported years', () => {
    const cal = shippedCalendar();
    expect(() => cal.after(day('2199-12-30'), 5)).toThrow(RangeError);
    expect(() => cal.before(day('1900-01-03'), 5)).toThrow(RangeError);
    expect(() => cal.isWorkingDay(day('1899-12-31'))).toThrow(/1899/);
    expect(() => cal.info(day('2200-01-01'))).toThrow(/2200/);
  });
});

describe('overrides', () => {
  it('add a local day off on top of the announced year', () => {
    const cal = shippedCalendar('working', [offEntry('2024-03-08', 'Nghỉ lễ địa phương')]);
    expect(cal.isWorkingDay(day('2024-03-08'))).toBe(false);
    expect(fmt(cal.after(day('2024-03-07'), 1))).toBe('2024-03-11');
    expect(cal.workingDaysLate(day('2024-03-07'), day('2024-03-08'))).toBe(1); // counted as Mon 11
    expect(cal.info(day('2024-03-08'))).toMatchObject({
      kind: 'off',
      reason: 'Nghỉ lễ địa phương',
      source: 'override',
    });
  });

  it('declare an announced day off a working day', () => {
    const cal = shippedCalendar('working', [workingEntry('2024-04-29', 'Cơ quan làm việc')]);
    expect(cal.isWorkingDay(day('2024-04-29'))).toBe(true);
    expect(fmt(cal.after(day('2024-04-26'), 1))).toBe('2024-04-29');
    expect(cal.info(day('2024-04-29'))).toMatchObject({ working: true, kind: 'workday', source: 'override' });
  });

  it('declare a make-up Saturday', () => {
    const cal = shippedCalendar('working', [workingEntry('2024-03-09', 'Làm bù')]);
    expect(fmt(cal.after(day('2024-03-08'), 1))).toBe('2024-03-09');
    expect(cal.info(day('2024-03-09')).kind).toBe('makeup');
  });

  it('win over an announced day: a province adds 3/9/2026 to Quốc khánh', () => {
    const before = shippedCalendar();
    expect(before.info(day('2026-09-01')).confirmed).toBe(true);
    expect(fmt(before.after(day('2026-08-28'), 1))).toBe('2026-09-03');
    const cal = shippedCalendar('working', [
      { date: '2026-09-03', kind: 'off', reason: 'Nghỉ theo quyết định của UBND tỉnh', confirmed: true },
    ]);
    expect(cal.isWorkingDay(day('2026-09-03'))).toBe(false);
    expect(fmt(cal.after(day('2026-08-28'), 1))).toBe('2026-09-04');
  });

  it('apply in derived years and in years outside the first index', () => {
    const cal = shippedCalendar('working', [workingEntry('2027-02-10'), offEntry('2050-06-01')]);
    expect(fmt(cal.after(day('2027-02-04'), 1))).toBe('2027-02-10');
    expect(cal.isWorkingDay(day('2050-06-01'))).toBe(false);
    expect(fmt(cal.after(day('2050-05-31'), 1))).toBe('2050-06-02');
  });
});

describe('calendar counting mode (Civil Code 2015, Art. 147–148)', () => {
  const cal = shippedCalendar('calendar');

  it('says so', () => {
    expect(cal.mode).toBe('calendar');
  });

  it.each([
    ['2024-03-11', 3, '2024-03-14', 'Thu 14 Mar is a working day'],
    ['2024-03-13', 3, '2024-03-18', 'Sat 16 Mar → Mon 18'],
    ['2024-02-07', 3, '2024-02-15', 'Sat 10 Feb is in Tết → Thu 15'],
    ['2024-05-01', 3, '2024-05-04', 'Sat 4 May is a make-up working day'],
    ['2024-04-24', 5, '2024-05-02', 'Mon 29 Apr is off → Thu 2 May'],
  ])('after(%s, %i) = %s (%s)', (from, n, expected) => {
    expect(fmt(cal.after(day(from), n))).toBe(expected);
  });

  it.each([
    ['2024-03-18', 2, '2024-03-15', 'Sat 16 Mar → Fri 15'],
    ['2024-03-15', 2, '2024-03-13', 'Wed 13 Mar is a working day'],
    ['2024-05-06', 2, '2024-05-04', 'Sat 4 May is a make-up working day'],
    ['2024-05-03', 2, '2024-04-26', 'Wed 1 May is off → Fri 26 Apr'],
    ['2024-02-20', 7, '2024-02-07', 'Tue 13 Feb is in Tết → Wed 7'],
  ])('before(%s, %i) = %s (%s)', (from, n, expected) => {
    expect(fmt(cal.before(day(from), n))).toBe(expected);
  });

  it('still counts lateness in working days', () => {
    expect(cal.workingDaysLate(day('2024-04-26'), day('2024-05-03'))).toBe(2);
    expect(cal.workingDaysLate(day('2024-04-26'), day('2024-04-27'))).toBe(1);
  });
});

describe('refusals', () => {
  const year = (days: CalendarYearData['days'], y = 2025): CalendarYearData => ({ year: y, days });
  const options = (over: Partial<CalendarOptions>): CalendarOptions => ({
    announced: [],
    overrides: [],
    mode: 'working',
    ...over,
  });

  it.each([
    [
      'a date twice in a year',
      { announced: [year([offEntry('2025-01-01'), offEntry('2025-01-01')])] },
      /2025-01-01.*twice/,
    ],
    [
      'a date outside its file’s year',
      { announced: [year([offEntry('2024-12-31')])] },
      /2024-12-31.*outside.*2025/,
    ],
    [
      'a date that does not exist',
      { announced: [year([offEntry('2025-02-30')])] },
      /2025-02-30.*not a valid date/,
    ],
    [
      'a date in another format',
      { announced: [year([offEntry('30/04/2025')])] },
      /30\/04\/2025.*not a valid date/,
    ],
    [
      'an unknown kind',
      { announced: [year([{ date: '2025-03-03', kind: 'holiday', reason: 'x' } as never])] },
      /2025-03-03.*kind/,
    ],
    [
      'an empty reason',
      { announced: [year([{ date: '2025-03-03', kind: 'off', reason: ' ' }])] },
      /2025-03-03.*reason/,
    ],
    [
      'a misspelt field',
      { announced: [year([{ ...offEntry('2025-03-03'), confirm: false } as never])] },
      /2025-03-03.*"confirm"/,
    ],
    ['a year announced twice', { announced: [year([]), year([])] }, /2025.*twice/],
    ['a year outside 1900–2199', { announced: [year([], 2300)] }, /2300/],
    [
      'an override given twice',
      { overrides: [offEntry('2025-03-03'), workingEntry('2025-03-03')] },
      /2025-03-03.*twice/,
    ],
    [
      'an override that is not a date',
      { overrides: [offEntry('2025-13-01')] },
      /2025-13-01.*not a valid date/,
    ],
    ['an unknown counting mode', { mode: 'business' as never }, /mode/],
  ])('refuses %s', (_what, over, message) => {
    expect(() => buildCalendar(options(over))).toThrow(message);
  });

  it('refuses counts below 1 and non-integer days', () => {
    const cal = shippedCalendar();
    expect(() => cal.after(day('2024-03-01'), 0)).toThrow(RangeError);
    expect(() => cal.before(day('2024-03-01'), 1.5)).toThrow(RangeError);
    expect(() => cal.isWorkingDay(Number.NaN)).toThrow(RangeError);
  });
});
