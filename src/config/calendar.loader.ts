/**
 * Reads the working calendar's data from a configuration folder: the announced years
 * (`calendars/<year>.json`) and the administrator's overrides (`calendar-overrides.json`), so a
 * new announcement or a local day off needs no release (CALENDAR.md).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  CalendarDayEntry,
  CalendarOptions,
  CalendarYearData,
  CountingMode,
} from '../domain/calendar/calendar.js';
import { checkCalendarOverrides, checkCalendarYear } from '../domain/calendar/working-calendar.js';

/** A calendar file that cannot be used; the message names the file, then the entry and the reason. */
export class CalendarConfigError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'CalendarConfigError';
  }
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CalendarConfigError(file, `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CalendarConfigError(file, `is not valid JSON (${(e as Error).message})`);
  }
}

/** Runs a domain check and puts the file's name in front of its message. */
function checked<T>(file: string, check: () => T): T {
  try {
    return check();
  } catch (e) {
    throw new CalendarConfigError(file, (e as Error).message);
  }
}

/**
 * The calendar options of a configuration folder. A missing `calendars/` folder means no announced
 * year (every year is derived); a missing overrides file means no override.
 */
export function loadCalendarOptions(configDir: string, mode: CountingMode = 'working'): CalendarOptions {
  if (mode !== 'working' && mode !== 'calendar') {
    throw new Error(`calendar counting mode must be "working" or "calendar", got ${JSON.stringify(mode)}`);
  }

  const announced: CalendarYearData[] = [];
  const fileOfYear = new Map<number, string>();
  const calendarsDir = join(configDir, 'calendars');
  if (existsSync(calendarsDir)) {
    const names = readdirSync(calendarsDir)
      .filter((name) => name.endsWith('.json'))
      .sort();
    for (const name of names) {
      const file = join(calendarsDir, name);
      const json = readJson(file);
      const data = checked(file, () => checkCalendarYear(json));
      // The file name is what an administrator looks for; a mismatch is a copy-paste slip.
      const named = /^(\d{4})\.json$/.exec(name);
      if (named && Number(named[1]) !== data.year) {
        throw new CalendarConfigError(file, `"year" is ${data.year} but the file is named for ${named[1]}`);
      }
      const other = fileOfYear.get(data.year);
      if (other !== undefined)
        throw new CalendarConfigError(file, `year ${data.year} is already announced in ${other}`);
      fileOfYear.set(data.year, file);
      announced.push(data);
    }
  }

  const overridesFile = join(configDir, 'calendar-overrides.json');
  let overrides: CalendarDayEntry[] = [];
  if (existsSync(overridesFile)) {
    const json = readJson(overridesFile);
    overrides = checked(overridesFile, () => checkCalendarOverrides(json));
  }

  return { announced, overrides, mode };
}
