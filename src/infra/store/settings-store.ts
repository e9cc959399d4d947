/**
 * What administrators changed through the API on top of config/: calendar days and campaign
 * definitions. A change marks a full evaluation as pending and is audited in the same transaction,
 * so a crash before the evaluation loses nothing (the next evaluation is full).
 */
import type { DataSource } from 'typeorm';
import type { CalendarDayEntry, CalendarYearData } from '../../domain/calendar/calendar.js';
import type { Instant } from '../../domain/time.js';
import { appendAudit } from './audit-store.js';
import { markEverythingPending } from './sync-store.js';

export interface CalendarDayOverride {
  /** YYYY-MM-DD. */
  date: string;
  kind: 'off' | 'working';
  name: string;
}

export interface CampaignOverride {
  id: string;
  /** The API's body, validated when it was stored. */
  definition: unknown;
  setBy: string;
  setAt: Date;
}

/** Who changed it, when, and what it was before (for the audit log). */
export interface SettingsChange {
  actor: string;
  at: Instant;
  before: unknown;
}

export class SettingsStore {
  constructor(private readonly dataSource: DataSource) {}

  async calendarOverrides(): Promise<CalendarDayOverride[]> {
    return (await this.dataSource.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS date, kind, name FROM calendar_overrides ORDER BY day`,
    )) as CalendarDayOverride[];
  }

  async setCalendarDay(day: CalendarDayOverride, change: SettingsChange): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const at = new Date(change.at);
      await m.query(
        `INSERT INTO calendar_overrides (day, kind, name, set_by, set_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (day) DO UPDATE SET kind = $2, name = $3, set_by = $4, set_at = $5`,
        [day.date, day.kind, day.name, change.actor, at],
      );
      await markEverythingPending(m);
      await appendAudit(m, {
        at: change.at,
        actor: change.actor,
        action: 'calendar.override',
        target: `calendar:${day.date}`,
        reason: day.name,
        before: change.before,
        after: { kind: day.kind, name: day.name },
      });
    });
  }

  /** False when the day had no administrator's override. */
  async removeCalendarDay(date: string, change: SettingsChange): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      const rows = (await m.query('DELETE FROM calendar_overrides WHERE day = $1 RETURNING day', [date])) as [
        unknown[],
        number,
      ];
      if (rows[1] === 0) return false;
      await markEverythingPending(m);
      await appendAudit(m, {
        at: change.at,
        actor: change.actor,
        action: 'calendar.remove',
        target: `calendar:${date}`,
        reason: null,
        before: change.before,
      });
      return true;
    });
  }

  /** The announcements administrators loaded, each replacing its shipped or derived year. */
  async calendarYears(): Promise<CalendarYearData[]> {
    const rows = (await this.dataSource.query(
      'SELECT year, source, days FROM calendar_years ORDER BY year',
    )) as { year: number; source: string | null; days: CalendarDayEntry[] }[];
    return rows.map((r) => ({
      year: r.year,
      ...(r.source === null ? {} : { source: r.source }),
      days: r.days,
    }));
  }

  /** Stores a year's announcement (checked by the caller), replacing any loaded before. */
  async setCalendarYear(data: CalendarYearData, change: SettingsChange): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const at = new Date(change.at);
      await m.query(
        `INSERT INTO calendar_years (year, source, days, loaded_by, loaded_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (year) DO UPDATE SET source = $2, days = $3, loaded_by = $4, loaded_at = $5`,
        [data.year, data.source ?? null, JSON.stringify(data.days), change.actor, at],
      );
      await markEverythingPending(m);
      await appendAudit(m, {
        at: change.at,
        actor: change.actor,
        action: 'calendar.load',
        target: `calendar:${data.year}`,
        reason: data.source ?? null,
        before: change.before,
        after: data,
      });
    });
  }

  async campaignOverrides(): Promise<CampaignOverride[]> {
    const rows = (await this.dataSource.query(
      'SELECT id, definition, set_by, set_at FROM campaign_overrides',
    )) as { id: string; definition: unknown; set_by: string; set_at: Date }[];
    return rows.map((r) => ({ id: r.id, definition: r.definition, setBy: r.set_by, setAt: r.set_at }));
  }

  async setCampaign(id: string, definition: unknown, change: SettingsChange): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `INSERT INTO campaign_overrides (id, definition, set_by, set_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET definition = $2, set_by = $3, set_at = $4`,
        [id, JSON.stringify(definition), change.actor, new Date(change.at)],
      );
      await markEverythingPending(m);
      await appendAudit(m, {
        at: change.at,
        actor: change.actor,
        action: 'campaign.update',
        target: `campaign:${id}`,
        reason: null,
        before: change.before,
        after: definition,
      });
    });
  }
}
