/**
 * A year's file refused by the checker (shipped or loaded by an administrator) names the entry,
 * its day and the field, in Vietnamese and in English.
 */
import { describe, expect, it } from '@jest/globals';
import { CalendarDataError, checkCalendarYear } from '../../../src/domain/calendar/working-calendar.js';

const day = (date: string, extra: Record<string, unknown> = {}) => ({
  date,
  kind: 'off',
  reason: 'Tết Nguyên đán',
  ...extra,
});
const year = (days: unknown[], extra: Record<string, unknown> = {}) => ({ year: 2027, days, ...extra });

function refusal(value: unknown): { field: string; date: string | null; vi: string; en: string } {
  try {
    checkCalendarYear(value);
  } catch (e) {
    expect(e).toBeInstanceOf(CalendarDataError);
    const error = e as CalendarDataError;
    return { field: error.field, date: error.date, vi: error.vi, en: error.message };
  }
  throw new Error('accepted');
}

describe('the calendar checker’s refusals', () => {
  it.each([
    [
      'a kind that is neither off nor working',
      year([day('2027-02-04'), day('2027-02-05', { kind: 'nghỉ' })]),
      'days[1].kind',
      '2027-02-05',
      /"kind" phải là "off"/,
      /"kind" must be "off" or "working", got "nghỉ"/,
    ],
    [
      'an empty reason',
      year([day('2027-02-04', { reason: ' ' })]),
      'days[0].reason',
      '2027-02-04',
      /"reason" phải là chuỗi không rỗng/,
      /"reason" must be a non-empty string/,
    ],
    [
      'a date that does not exist',
      year([day('2027-02-30')]),
      'days[0].date',
      '2027-02-30',
      /không phải ngày hợp lệ/,
      /not a valid date/,
    ],
    [
      'a date of another year',
      year([day('2028-01-01')]),
      'days[0].date',
      '2028-01-01',
      /ngoài năm 2027/,
      /outside the file's year 2027/,
    ],
    [
      'a date twice',
      year([day('2027-02-04'), day('2027-02-04')]),
      'days[1].date',
      '2027-02-04',
      /xuất hiện hai lần/,
      /appears twice/,
    ],
    [
      'an unknown field of a day',
      year([day('2027-02-04', { note: 'x' })]),
      'days[0].note',
      '2027-02-04',
      /trường "note" không được biết/,
      /unknown field "note"/,
    ],
    [
      'a year that is not a number',
      { year: '2027', days: [] },
      'year',
      null,
      /"year" phải là số nguyên/,
      /"year" must be an integer/,
    ],
    [
      'days that are not a list',
      { year: 2027, days: {} },
      'days',
      null,
      /"days" phải là một mảng/,
      /"days" must be an array/,
    ],
  ])('names the day and the field for %s', (_what, value, field, date, vi, en) => {
    const r = refusal(value);
    expect([r.field, r.date]).toEqual([field, date]);
    expect(r.vi).toMatch(vi);
    expect(r.en).toMatch(en);
    if (date !== null) {
      expect(r.vi).toContain(date);
      expect(r.en).toContain(date);
    }
  });
});
