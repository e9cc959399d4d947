import { describe, expect, it } from '@jest/globals';
import {
  digestSlotAt,
  digestSlotFor,
  nextDigestSlotAfter,
  workingDaysFrom,
} from '../../../src/domain/digests/digest-schedule.js';
import { formatInstant, parseIsoWeek } from '../../../src/domain/time.js';
import { at, calendar, day } from '../../factories/dataset.factory.js';
import { fmt } from '../calendar/calendar-fixtures.js';

const cal = calendar();
/** The shipped digest time, 07:30. */
const DIGEST_TIME = 7 * 60 + 30;

/** 07:30 on the first working day of each week, reporting the week before. */
describe('when a weekly digest goes out', () => {
  const slots: { name: string; week: string; at: string | null }[] = [
    { name: 'an ordinary week: the next Monday', week: '2025-W11', at: '2025-03-17T07:30:00+07:00' },
    {
      name: 'Mon 7 Apr 2025 is Giỗ Tổ: the Tuesday',
      week: '2025-W14',
      at: '2025-04-08T07:30:00+07:00',
    },
    {
      name: '29/4, 30/4 and 1/5/2024 off: Thursday 2 May',
      week: '2024-W17',
      at: '2024-05-02T07:30:00+07:00',
    },
    {
      name: 'the week after is all Tết (27–31 Jan 2025): the first working day after it, Mon 3 Feb',
      week: '2025-W04',
      at: '2025-02-03T07:30:00+07:00',
    },
    { name: 'a week with no working day has no digest', week: '2025-W05', at: null },
  ];
  it.each(slots)('$name', ({ week, at: expected }) => {
    const slot = digestSlotFor(parseIsoWeek(week)!, cal, DIGEST_TIME);
    expect(slot === null ? null : formatInstant(slot.at)).toBe(expected);
    if (slot !== null) expect(slot.week).toBe(week);
  });

  it('across a year boundary: ISO weeks, and 1 January off', () => {
    // 2024-W52 is 23–29 Dec 2024; 2025-W01 starts Mon 30 Dec 2024.
    expect(formatInstant(digestSlotFor(parseIsoWeek('2024-W52')!, cal, DIGEST_TIME)!.at)).toBe(
      '2024-12-30T07:30:00+07:00',
    );
    // 2023-W52 is 25–31 Dec 2023; 2024-W01 starts on Mon 1 Jan, a holiday: Tuesday.
    expect(formatInstant(digestSlotFor(parseIsoWeek('2023-W52')!, cal, DIGEST_TIME)!.at)).toBe(
      '2024-01-02T07:30:00+07:00',
    );
    expect(digestSlotAt(at('2024-01-02 07:30'), cal, DIGEST_TIME)?.week).toBe('2023-W52');
  });

  const instants: { name: string; at: string; week: string | null }[] = [
    { name: 'Mon 17 Mar 2025 07:29: not yet', at: '2025-03-17 07:29', week: null },
    { name: 'Mon 17 Mar 2025 07:30: last week, 2025-W11', at: '2025-03-17 07:30', week: '2025-W11' },
    { name: 'later the same day (a late firing) still counts', at: '2025-03-17 16:45', week: '2025-W11' },
    { name: 'Tue 18 Mar 2025: not the first working day', at: '2025-03-18 07:30', week: null },
    { name: 'Mon 7 Apr 2025 (Giỗ Tổ): no slot', at: '2025-04-07 07:30', week: null },
    { name: 'Tue 8 Apr 2025: the week’s first working day', at: '2025-04-08 07:30', week: '2025-W14' },
    { name: 'Thu 2 May 2024 after three days off', at: '2024-05-02 08:00', week: '2024-W17' },
    {
      name: 'Mon 3 Feb 2025: last week was all Tết, so the week before it',
      at: '2025-02-03 07:30',
      week: '2025-W04',
    },
    {
      name: 'Sat 4 May 2024, a make-up working day, is not a week’s first',
      at: '2024-05-04 07:30',
      week: null,
    },
    {
      name: 'the instant is read in local time: 00:30Z is 07:30 in Hà Nội',
      at: '2025-03-17T00:30:00Z',
      week: '2025-W11',
    },
  ];
  it.each(instants)('$name', ({ at: text, week }) => {
    expect(digestSlotAt(at(text), cal, DIGEST_TIME)?.week ?? null).toBe(week);
  });

  it('the next slot after Friday 26 Apr 2024 is Thursday 2 May 07:30, for 2024-W17', () => {
    const next = nextDigestSlotAfter(at('2024-04-26 12:00'), cal, DIGEST_TIME);
    expect({ week: next.week, at: formatInstant(next.at) }).toEqual({
      week: '2024-W17',
      at: '2024-05-02T07:30:00+07:00',
    });
    // On the slot itself, the next is a week later.
    expect(formatInstant(nextDigestSlotAfter(at('2025-03-17 07:30'), cal, DIGEST_TIME).at)).toBe(
      '2025-03-24T07:30:00+07:00',
    );
  });

  it('follows a configured digest time: at 07:45 the slot opens at 07:45, not 07:30', () => {
    const at0745 = 7 * 60 + 45;
    expect(digestSlotAt(at('2025-03-17 07:30'), cal, at0745)).toBeNull();
    expect(digestSlotAt(at('2025-03-17 07:45'), cal, at0745)?.week).toBe('2025-W11');
    expect(formatInstant(digestSlotFor(parseIsoWeek('2025-W11')!, cal, at0745)!.at)).toBe(
      '2025-03-17T07:45:00+07:00',
    );
  });

  const windows: { name: string; from: string; to: string }[] = [
    { name: 'an ordinary week: Mon–Fri', from: '2025-03-17', to: '2025-03-21' },
    { name: 'across Giỗ Tổ (Thu 18 Apr 2024): to Mon 22', from: '2024-04-15', to: '2024-04-22' },
    { name: 'with the make-up Saturday 4 May 2024: to Tue 7', from: '2024-05-02', to: '2024-05-07' },
    { name: 'from a day off, the first working day counts first', from: '2024-04-29', to: '2024-05-07' },
  ];
  it.each(windows)('next 5 working days: $name', ({ from, to }) => {
    const w = workingDaysFrom(day(from), 5, cal);
    expect(fmt(w.to)).toBe(to);
    expect(cal.isWorkingDay(w.from)).toBe(true);
  });
});
