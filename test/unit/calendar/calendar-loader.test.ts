/** Reading `config/calendars/*.json` and `config/calendar-overrides.json`. */
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCalendarOptions } from '../../../src/config/calendar.loader.js';
import { buildCalendar } from '../../../src/domain/calendar/working-calendar.js';
import { CONFIG_DIR, day } from './calendar-fixtures.js';

const made: string[] = [];

/** A configuration folder with the given files (path → JSON value, or raw text). */
function configDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dunghan-calendar-'));
  made.push(dir);
  for (const [path, content] of Object.entries(files)) {
    const file = join(dir, path);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

afterEach(() => {
  while (made.length > 0) rmSync(made.pop()!, { recursive: true, force: true });
});

const year2025 = {
  year: 2025,
  source: 'test',
  days: [{ date: '2025-05-02', kind: 'off', reason: 'Hoán đổi' }],
};

describe('loadCalendarOptions', () => {
  it('loads the shipped configuration', () => {
    const options = loadCalendarOptions(CONFIG_DIR);
    expect(options.mode).toBe('working');
    expect(options.announced.map((y) => y.year)).toEqual([2023, 2024, 2025, 2026]);
    expect(options.overrides).toEqual([]);
    expect(loadCalendarOptions(CONFIG_DIR, 'calendar').mode).toBe('calendar');
  });

  it('reads overrides, and treats a missing overrides file or calendars folder as empty', () => {
    const dir = configDir({
      'calendars/2025.json': year2025,
      'calendar-overrides.json': [{ date: '2025-05-02', kind: 'working', reason: 'Cơ quan làm việc' }],
    });
    const options = loadCalendarOptions(dir);
    expect(buildCalendar(options).isWorkingDay(day('2025-05-02'))).toBe(true);

    expect(loadCalendarOptions(configDir({ 'calendars/2025.json': year2025 })).overrides).toEqual([]);
    expect(loadCalendarOptions(configDir({})).announced).toEqual([]);
  });

  it.each([
    ['invalid JSON', { 'calendars/2025.json': '{"year": 2025,' }, /2025\.json: is not valid JSON/],
    [
      'an impossible date',
      { 'calendars/2025.json': { year: 2025, days: [{ date: '2025-02-29', kind: 'off', reason: 'x' }] } },
      /2025\.json: .*days\[0\] \(2025-02-29\): not a valid date/,
    ],
    [
      'a date outside the year',
      { 'calendars/2025.json': { year: 2025, days: [{ date: '2026-01-01', kind: 'off', reason: 'x' }] } },
      /2025\.json: .*2026-01-01.*outside/,
    ],
    ['a file named for another year', { 'calendars/2024.json': year2025 }, /2024\.json: "year" is 2025/],
    [
      'a year in two files',
      { 'calendars/2025.json': year2025, 'calendars/2025-amended.json': year2025 },
      /2025\.json: year 2025 is already announced in .*2025-amended\.json/,
    ],
    [
      'overrides that are not a list',
      { 'calendar-overrides.json': { date: '2025-05-02' } },
      /calendar-overrides\.json: .*must be an array/,
    ],
    [
      'an override without a reason',
      { 'calendar-overrides.json': [{ date: '2025-05-05', kind: 'off' }] },
      /calendar-overrides\.json: .*\[0\] \(2025-05-05\): "reason"/,
    ],
  ])('names the file and the entry for %s', (_what, files, message) => {
    expect(() => loadCalendarOptions(configDir(files))).toThrow(message);
  });
});
