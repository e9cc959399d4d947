/**
 * The working calendar as the rules count it, and an administrator's override of one day. A day
 * changed moves due dates, so the change marks everything for re-evaluation in the same
 * transaction (a crash before the evaluation loses nothing: the next one is full) and starts that
 * evaluation at once, in the background — on an agency-year it takes a minute or two.
 */
import type { DomainConfig } from '../../config/domain-config.loader.js';
import type { CalendarDayEntry, CalendarYearData, DayInfo } from '../../domain/calendar/calendar.js';
import { FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR } from '../../domain/calendar/derive-year.js';
import {
  CalendarDataError,
  buildCalendar,
  checkCalendarYear,
} from '../../domain/calendar/working-calendar.js';
import type { Day } from '../../domain/time.js';
import { formatDay, isoWeekday, parseDay, yearOf } from '../../domain/time.js';
import type { SettingsStore } from '../../infra/store/settings-store.js';
import type { Clock } from '../core/clock.js';
import type { DomainState } from './domain-state.js';
import type { Reevaluation } from './reevaluation.js';
import { SettingsError } from './settings.errors.js';

export interface CalendarDayView {
  date: string;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  working: boolean;
  kind: DayInfo['kind'];
  reason: string | null;
  reasonEn: string | null;
  confirmed: boolean;
  /** `announced` (the government's notice), `derived` (statutory rules), `override` (config file) or `administrator` (the API). */
  source: DayInfo['source'] | 'administrator';
  /** For an announced day: the announcement it comes from (the year file's `source`). */
  announcement: string | null;
}

export interface CalendarYearView {
  year: number;
  /** True when no announcement is known for the year: its days follow the statutory rules. */
  derived: boolean;
  /** The year's announcement (the file's `source`), when announced. */
  announcement: string | null;
  days: CalendarDayView[];
}

const MAX_NAME = 200;

export class CalendarService {
  constructor(
    private readonly store: SettingsStore,
    private readonly state: DomainState,
    private readonly domain: DomainConfig,
    private readonly reevaluation: Reevaluation,
    private readonly clock: Clock,
  ) {}

  /** The days that are not ordinary (holidays, moved days off, make-up Saturdays) of one year. */
  async year(year: number): Promise<CalendarYearView> {
    if (!Number.isInteger(year) || year < FIRST_SUPPORTED_YEAR || year > LAST_SUPPORTED_YEAR)
      throw new SettingsError(
        'invalid',
        'year',
        `phải là năm từ ${FIRST_SUPPORTED_YEAR} đến ${LAST_SUPPORTED_YEAR}`,
        `must be a year from ${FIRST_SUPPORTED_YEAR} to ${LAST_SUPPORTED_YEAR}`,
      );
    await this.state.refresh();
    const calendar = buildCalendar(this.domain.calendar);
    const administered = new Set((await this.state.calendarOverrides()).map((o) => o.date));
    const days = calendar
      .exceptionsBetween(parseDay(`${year}-01-01`)!, parseDay(`${year}-12-31`)!)
      .map((d) => this.view(d, administered));
    const announcement = this.announcementOf(year);
    return { year, derived: calendar.isDerivedYear(year), announcement, days };
  }

  /**
   * Loads a year's announcement (the shape of `config/calendars/<year>.json`), checked as the
   * shipped files are: it replaces the derived year (or the shipped file) as a whole. An
   * administrator's day override still wins over it. Audited; re-evaluation started.
   */
  async loadYear(
    yearParam: string,
    body: unknown,
    actor: string,
  ): Promise<{ calendar: CalendarYearView; reevaluation: 'started' }> {
    const data = this.checkYear(yearParam, body);
    const before = await this.year(data.year);
    await this.store.setCalendarYear(data, { actor, at: this.clock.now(), before });
    this.reevaluation.start(`calendar:${data.year}`);
    return { calendar: await this.year(data.year), reevaluation: 'started' };
  }

  /** Declares a day off or working, with its name; audited; re-evaluation started. */
  async override(
    date: string,
    input: { kind: unknown; name: unknown },
    actor: string,
  ): Promise<{ day: CalendarDayView; reevaluation: 'started' }> {
    const { day, kind, name } = this.checkOverride(date, input);
    const before = await this.dayView(day);
    await this.store.setCalendarDay({ date, kind, name }, { actor, at: this.clock.now(), before });
    this.reevaluation.start(`calendar:${date}`);
    return { day: await this.dayView(day), reevaluation: 'started' };
  }

  /** A day override's fields checked (the message names the field), before anything is stored or previewed. */
  checkOverride(
    date: string,
    input: { kind: unknown; name: unknown },
  ): { day: Day; kind: 'off' | 'working'; name: string; entry: CalendarDayEntry } {
    const day = this.day(date);
    if (input.kind !== 'off' && input.kind !== 'working')
      throw new SettingsError('invalid', 'kind', 'chỉ nhận off hoặc working', 'must be off or working');
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (name === '' || name.length > MAX_NAME)
      throw new SettingsError(
        'invalid',
        'name',
        `cần tên ngày (lý do), 1–${MAX_NAME} ký tự`,
        `the day's name (its reason) is required, 1–${MAX_NAME} characters`,
      );
    // As DomainState reads a stored override back.
    return { day, kind: input.kind, name, entry: { date, kind: input.kind, reason: name, reasonEn: name } };
  }

  /** A year's announcement checked against the year in the path, before it is stored or previewed. */
  checkYear(yearParam: string, body: unknown): CalendarYearData {
    const data = checkAnnouncement(body);
    if (!/^\d{4}$/.test(yearParam) || Number(yearParam) !== data.year)
      throw new SettingsError(
        'invalid',
        'year',
        `năm trên đường dẫn (${yearParam.slice(0, 10)}) khác "year" của tệp (${data.year})`,
        `the year in the path (${yearParam.slice(0, 10)}) differs from the file's "year" (${data.year})`,
      );
    return data;
  }

  /** Takes an administrator's override away: the shipped calendar speaks for the day again. */
  async remove(date: string, actor: string): Promise<{ day: CalendarDayView; reevaluation: 'started' }> {
    const day = this.day(date);
    const before = await this.dayView(day);
    const removed = await this.store.removeCalendarDay(date, { actor, at: this.clock.now(), before });
    if (!removed)
      throw new SettingsError(
        'not_found',
        'date',
        `ngày ${date} không có điều chỉnh của quản trị`,
        `${date} has no administrator's override`,
      );
    this.reevaluation.start(`calendar:${date}`);
    return { day: await this.dayView(day), reevaluation: 'started' };
  }

  private day(date: string): Day {
    const day = /^\d{4}-\d{2}-\d{2}$/.test(date) ? parseDay(date) : null;
    if (day === null || yearOf(day) < FIRST_SUPPORTED_YEAR || yearOf(day) > LAST_SUPPORTED_YEAR)
      throw new SettingsError(
        'invalid',
        'date',
        `"${date.slice(0, 40)}" không phải ngày YYYY-MM-DD trong các năm ${FIRST_SUPPORTED_YEAR}–${LAST_SUPPORTED_YEAR}`,
        `"${date.slice(0, 40)}" is not a date YYYY-MM-DD in ${FIRST_SUPPORTED_YEAR}–${LAST_SUPPORTED_YEAR}`,
      );
    return day;
  }

  private async dayView(day: Day): Promise<CalendarDayView> {
    await this.state.refresh();
    const administered = new Set((await this.state.calendarOverrides()).map((o) => o.date));
    return this.view(buildCalendar(this.domain.calendar).info(day), administered);
  }

  private view(d: DayInfo, administered: Set<string>): CalendarDayView {
    const date = formatDay(d.day);
    return {
      date,
      weekday: isoWeekday(d.day),
      working: d.working,
      kind: d.kind,
      reason: d.reason,
      reasonEn: d.reasonEn,
      confirmed: d.confirmed,
      source: d.source === 'override' && administered.has(date) ? 'administrator' : d.source,
      announcement: d.source === 'announced' ? this.announcementOf(yearOf(d.day)) : null,
    };
  }

  private announcementOf(year: number): string | null {
    return this.domain.calendar.announced.find((y) => y.year === year)?.source ?? null;
  }
}

/** A year's announcement checked as the shipped files are; a refusal names the day and the field. */
export function checkAnnouncement(body: unknown): CalendarYearData {
  try {
    return checkCalendarYear(body);
  } catch (error) {
    if (!(error instanceof CalendarDataError)) throw error;
    throw new SettingsError('invalid', error.field === '' ? 'body' : error.field, error.vi, error.message);
  }
}
