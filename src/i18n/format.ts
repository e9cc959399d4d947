import type { Day, Instant } from '../domain/time.js';
import { VIETNAM_OFFSET_MS, formatDayVi, parseDay } from '../domain/time.js';
import type { Lang } from './lang.js';

/**
 * How numbers, dates and times read in what the CLI prints for people (tables, summaries, lists).
 * Vietnamese writes 1.234,5 and 08/05/2024; English 1,234.5. Dates are dd/mm/yyyy in both, as the
 * agency writes them, and times are Vietnam time with the offset said once (`+07:00`), never UTC.
 * Machine formats (JSON) keep ISO 8601 and are not written through these.
 */
const SEPARATORS: Record<Lang, { decimal: string; group: string }> = {
  vi: { decimal: ',', group: '.' },
  en: { decimal: '.', group: ',' },
};

/** `1234.5` → `1.234,50` (vi) or `1,234.50` (en), with `digits` decimals. */
export function formatNumber(value: number, lang: Lang, digits = 0): string {
  const fixed = Math.abs(value).toFixed(digits);
  const [whole, fraction] = fixed.split('.');
  const { decimal, group } = SEPARATORS[lang];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const sign = value < 0 && Number(fixed) !== 0 ? '-' : '';
  return sign + grouped + (fraction === undefined ? '' : decimal + fraction);
}

/** A share (0..1) as a percentage with one decimal: `0.84` → `84,0 %` (vi), `84.0 %` (en). */
export function formatPercent(share: number, lang: Lang): string {
  return `${formatNumber(share * 100, lang, 1)} %`;
}

/** `part` of `whole` as a percentage with one decimal, computed as (100 × part) ÷ whole. */
export function formatPercentOf(part: number, whole: number, lang: Lang): string {
  return `${formatNumber((100 * part) / whole, lang, 1)} %`;
}

/** A calendar day: `08/05/2024`. */
export function formatDate(day: Day): string {
  return formatDayVi(day);
}

const pad2 = (n: number) => (n < 10 ? '0' + n : String(n));

/**
 * An instant in Vietnam time: `08/05/2024 17:00 +07:00`; seconds only when there are some
 * (`23:59:59`), so "as of the end of the day" still reads as such.
 */
export function formatDateTime(instant: Instant): string {
  const local = new Date(instant + VIETNAM_OFFSET_MS);
  const seconds = local.getUTCSeconds();
  return (
    `${pad2(local.getUTCDate())}/${pad2(local.getUTCMonth() + 1)}/${local.getUTCFullYear()} ` +
    `${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}` +
    (seconds === 0 ? '' : `:${pad2(seconds)}`) +
    ' +07:00'
  );
}

/** A stored timestamp (a Date, or text as the database driver gives it) as `formatDateTime` does. */
export function formatStoredTime(value: Date | string | number): string {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  return Number.isNaN(ms) ? String(value) : formatDateTime(ms);
}

const LOCAL_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2}):(\d{2}))?$/;

/**
 * What a clerk types: `08/05/2024` or `08/05/2024 17:00`, in Vietnam time. The day, and the
 * minutes after midnight when a time is given; null when the text is not such a date or the date
 * does not exist (`30/02/2024`).
 */
export function parseLocalDateTime(text: string): { day: Day; minutes: number | null } | null {
  const m = LOCAL_RE.exec(text.trim());
  if (!m) return null;
  const [d, mo, y] = [+m[1], +m[2], +m[3]];
  const day = parseDay(`${y}-${pad2(mo)}-${pad2(d)}`);
  if (day === null) return null;
  if (m[4] === undefined) return { day, minutes: null };
  const [h, mi] = [+m[4], +m[5]];
  if (h > 23 || mi > 59) return null;
  return { day, minutes: h * 60 + mi };
}
