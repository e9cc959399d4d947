/**
 * Dates and times as Vietnamese exports write them, turned into the bundle's shapes: `YYYY-MM-DD`
 * and ISO instants with an offset. A time written without an offset is local time; Vietnam has
 * kept UTC+7 without daylight saving since 1975, so `+07:00` is exact, not a guess.
 */
import { VIETNAM_OFFSET_MS, daysInMonth, formatInstant, parseInstant } from '../../../domain/time.js';

export interface LocalDateParts {
  year: number;
  month: number;
  day: number;
  /** Absent when only a date was written. */
  time: { hour: number; minute: number; second: number } | null;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

const TIME = String.raw`(\d{1,2})[:hg](\d{2})(?::(\d{2}))?`;
// 10/03/2025, 10-03-2025, 10.03.2025, each optionally with a time before or after it.
const DMY = String.raw`(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})`;
const YMD = String.raw`(\d{4})[/-](\d{1,2})[/-](\d{1,2})`;
const DMY_RE = new RegExp(`^(?:${TIME}\\s+)?${DMY}(?:\\s+${TIME})?$`, 'i');
const YMD_RE = new RegExp(`^${YMD}(?:[T\\s]+${TIME}(?:\\.\\d+)?)?$`, 'i');

function valid(p: LocalDateParts): LocalDateParts | null {
  if (p.year < 1900 || p.month < 1 || p.month > 12 || p.day < 1 || p.day > daysInMonth(p.year, p.month))
    return null;
  if (p.time && (p.time.hour > 23 || p.time.minute > 59 || p.time.second > 59)) return null;
  return p;
}

function time(h: string | undefined, m: string | undefined, s: string | undefined): LocalDateParts['time'] {
  return h === undefined ? null : { hour: +h, minute: +(m ?? 0), second: +(s ?? 0) };
}

/**
 * `dd/mm/yyyy` (the Vietnamese order, also with `-` or `.`), `yyyy/mm/dd` or `yyyy-mm-dd` (edXML
 * and ISO), each with an optional `HH:mm[:ss]` (or `08h05`). Null when the text is none of these
 * or names a day that does not exist.
 */
export function parseLocalDateText(text: string): LocalDateParts | null {
  const t = text.trim().replace(/\s+/g, ' ');
  let m = DMY_RE.exec(t);
  if (m) {
    const [, bh, bm, bs, d, mo, y, ah, am, as] = m;
    return valid({
      year: +y,
      month: +mo,
      day: +d,
      time: bh !== undefined ? time(bh, bm, bs) : time(ah, am, as),
    });
  }
  m = YMD_RE.exec(t);
  if (m) {
    const [, y, mo, d, h, mi, s] = m;
    return valid({ year: +y, month: +mo, day: +d, time: time(h, mi, s) });
  }
  return null;
}

/**
 * Like `parseLocalDateText`, and also an XML Schema `dateTime` with an offset or `Z`
 * (`2025-03-10T08:05:00.1234567+07:00`, what .NET and Java serialisers write), turned into
 * Vietnamese local parts; fractions of a second are dropped. Null when unreadable.
 */
export function parseLocalOrOffsetDateTime(text: string): LocalDateParts | null {
  const t = text.trim();
  const instant = parseInstant(t);
  if (instant === null) return parseLocalDateText(t);
  const local = new Date(instant + VIETNAM_OFFSET_MS);
  return valid({
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    time: { hour: local.getUTCHours(), minute: local.getUTCMinutes(), second: local.getUTCSeconds() },
  });
}

/**
 * A spreadsheet date cell. Spreadsheets store wall-clock time without a zone and exceljs hands it
 * over as a Date whose UTC fields are that wall clock.
 */
export function partsFromSpreadsheetDate(date: Date): LocalDateParts | null {
  if (Number.isNaN(date.getTime())) return null;
  const hasTime = date.getUTCHours() !== 0 || date.getUTCMinutes() !== 0 || date.getUTCSeconds() !== 0;
  return valid({
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    time: hasTime
      ? { hour: date.getUTCHours(), minute: date.getUTCMinutes(), second: date.getUTCSeconds() }
      : null,
  });
}

/** An Excel serial day number (a date column whose cells lost their date format). */
export function partsFromExcelSerial(serial: number): LocalDateParts | null {
  // Serials below 1955 or past 2164 are not dates anyone registers documents on: more likely a
  // number typed in the wrong column, so they are refused rather than read as a date.
  if (!Number.isFinite(serial) || serial < 20000 || serial > 100000) return null;
  const ms = Math.round((serial - 25569) * 86_400_000);
  return partsFromSpreadsheetDate(new Date(ms));
}

export function formatLocalDate(p: LocalDateParts): string {
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)}`;
}

/** The instant of local parts, `+07:00`; a date without a time is the start of that day. */
export function formatLocalInstant(p: LocalDateParts): string {
  const t = p.time ?? { hour: 0, minute: 0, second: 0 };
  return `${formatLocalDate(p)}T${pad2(t.hour)}:${pad2(t.minute)}:${pad2(t.second)}+07:00`;
}

/**
 * A timestamp from a machine export: ISO with an offset (kept, rewritten in `+07:00`), LDAP
 * generalized time `20250310010000Z` (Zimbra's `zimbraLastLogonTimestamp`, UTC), or any local
 * form `parseLocalDateText` reads. Null when unreadable.
 */
export function parseTimestampText(text: string): string | null {
  const t = text.trim();
  const withOffset = parseInstant(t);
  if (withOffset !== null) return formatInstant(withOffset);
  const g = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.\d+)?Z$/i.exec(t);
  if (g) {
    const [, y, mo, d, h, mi, s] = g;
    const parts = valid({ year: +y, month: +mo, day: +d, time: { hour: +h, minute: +mi, second: +s } });
    return parts ? formatInstant(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s)) : null;
  }
  const local = parseLocalDateText(t);
  return local ? formatLocalInstant(local) : null;
}
