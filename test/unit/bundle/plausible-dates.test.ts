import { describe, expect, it } from '@jest/globals';
import { formatIssue } from '../../../src/domain/bundle/bundle-issue.js';
import { DEFAULT_PLAUSIBLE_DATES, plausibleRange } from '../../../src/domain/bundle/plausible-dates.js';
import { validateRecord } from '../../../src/domain/bundle/record-validator.js';
import { parseSettings } from '../../../src/config/domain-config.loader.js';
import { formatDay, parseDay, parseInstant } from '../../../src/domain/time.js';
import { incoming, schedule, secretDocument, task } from './bundle.factory.js';

const FILE = 'bundle.json';
const ASOF = parseInstant('2024-05-08T17:00:00+07:00')!;
const RANGE = plausibleRange(DEFAULT_PLAUSIBLE_DATES, ASOF);

describe('plausibleRange: 1990-01-01 to the evaluation day ten years on', () => {
  it.each([
    ['2024-05-08T17:00:00+07:00', '2034-05-08'],
    // 23:30 UTC is already the next day in Vietnam.
    ['2024-05-08T23:30:00Z', '2034-05-09'],
    ['2024-02-29T09:00:00+07:00', '2034-02-28'],
  ])('at %s ends on %s', (asOf, to) => {
    const range = plausibleRange(DEFAULT_PLAUSIBLE_DATES, parseInstant(asOf)!);
    expect([formatDay(range.from), formatDay(range.to)]).toEqual(['1990-01-01', to]);
  });
});

describe('validateRecord: a date outside the plausible range is a rejection naming record and field', () => {
  const rows: { value: string; accepted: boolean }[] = [
    { value: '0001-01-01T00:00:00Z', accepted: false },
    { value: '0099-06-02T08:00:00+07:00', accepted: false },
    { value: '1850-03-01T08:00:00+07:00', accepted: false },
    { value: '1989-12-31T16:59:59Z', accepted: false }, // 23:59:59 on 31 December in Vietnam
    { value: '1989-12-31T17:00:00Z', accepted: true }, // 00:00 on 1 January 1990 in Vietnam
    { value: '2024-03-04T08:00:00+07:00', accepted: true },
    { value: '2034-05-08T23:59:59+07:00', accepted: true },
    { value: '2034-05-09T00:00:00+07:00', accepted: false },
    { value: '2999-01-01T00:00:00+07:00', accepted: false },
  ];
  it.each(rows)('receivedAt $value: accepted $accepted', ({ value, accepted }) => {
    const { record, issues } = validateRecord('document', incoming({ receivedAt: value }), FILE, 0, RANGE);
    expect(record !== null).toBe(accepted);
    if (accepted) return;
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ id: 'd1', field: 'receivedAt', code: 'implausible_date' });
    expect(formatIssue(issues[0], 'vi')).toBe(
      `bundle.json: văn bản (document) d1, trường receivedAt: ngày ${value} nằm ngoài khoảng hợp lý (1990-01-01 – 2034-05-08); ` +
        'có thể là giá trị "không có ngày" của hệ thống nguồn (như 0001-01-01) hoặc năm gõ sai',
    );
    expect(formatIssue(issues[0], 'en')).toBe(
      `bundle.json: document d1, field receivedAt: date ${value} is outside the plausible range (1990-01-01 – 2034-05-08); ` +
        'perhaps the source system\'s "no date" value (such as 0001-01-01) or a mistyped year',
    );
  });

  it.each(['0001-01-01', '0099-06-02', '1850-12-31', '2999-12-31'])('rejects a date %s', (day) => {
    const { record, issues } = validateRecord('task', task({ deadline: day }), FILE, 0, RANGE);
    expect(record).toBeNull();
    expect(issues.map((i) => [i.id, i.field, i.code])).toEqual([['t1', 'deadline', 'implausible_date']]);
  });

  it('accepts 2024, and a deadline change, a week and a secret document are held to the range too', () => {
    expect(validateRecord('task', task({ deadline: '2024-06-01' }), FILE, 0, RANGE).record).not.toBeNull();
    const change = validateRecord(
      'task',
      task({ deadlineChanges: [{ deadline: '2024-06-01', at: '0001-01-01T00:00:00Z' }] }),
      FILE,
      0,
      RANGE,
    );
    expect(change.issues.map((i) => i.field)).toEqual(['deadlineChanges[0].at']);
    const week = validateRecord('weeklySchedule', schedule({ week: '1850-W02' }), FILE, 0, RANGE);
    expect(week.issues.map((i) => [i.field, i.code])).toEqual([['week', 'implausible_date']]);
    const secret = validateRecord('document', secretDocument({ date: '0001-01-01' }), FILE, 0, RANGE);
    expect(secret.issues.map((i) => [i.field, i.code, i.params.value])).toEqual([
      ['date', 'implausible_date', undefined],
    ]);
  });

  it('without a range holds only the lower end: nothing before 1990 reaches the calendar', () => {
    expect(validateRecord('task', task({ deadline: '1850-01-01' }), FILE).record).toBeNull();
    expect(validateRecord('task', task({ deadline: '2999-01-01' }), FILE).record).not.toBeNull();
  });
});

describe('plausibleDates in dunghan.json', () => {
  it('defaults to 1990-01-01 and ten years ahead, and takes both from the file', () => {
    expect(parseSettings({}, 'dunghan.json').plausibleDates).toEqual(DEFAULT_PLAUSIBLE_DATES);
    expect(
      parseSettings({ plausibleDates: { from: '2000-01-01', yearsAhead: 3 } }, 'dunghan.json').plausibleDates,
    ).toEqual({ from: parseDay('2000-01-01'), yearsAhead: 3 });
  });

  it.each([
    [
      { from: '1850-01-01' },
      'dunghan.json: plausibleDates.from: must be a date YYYY-MM-DD from 1900-01-01 on',
    ],
    [
      { yearsAhead: -1 },
      'dunghan.json: plausibleDates.yearsAhead: must be a whole number of years from 0 to 100',
    ],
    [{ until: '2030-01-01' }, 'dunghan.json: plausibleDates.until: is not a setting (from, yearsAhead)'],
  ])('refuses %j naming the field', (plausibleDates, message) => {
    expect(() => parseSettings({ plausibleDates }, 'dunghan.json')).toThrow(message);
  });
});
