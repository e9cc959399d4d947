/**
 * Numbers and dates as a digest's reader writes them: Vietnamese uses a decimal comma and
 * dd/mm/yyyy; English a decimal point and "Mon 17 Mar 2025".
 */
import type { RunCounts } from '../infra/store/sync-store.js';
import type { Lang } from '../i18n/lang.js';
import type { Day, Instant } from '../domain/time.js';
import { isoWeekday, localDay, parseDay, parseIsoWeek, VIETNAM_OFFSET_MS, ymd } from '../domain/time.js';

const pad2 = (n: number) => (n < 10 ? '0' + n : String(n));

const WEEKDAYS: Record<Lang, string[]> = {
  vi: ['thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy', 'Chủ nhật'],
  en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
};
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `87,5 %` / `87.5 %`; a rate of nothing judged is a dash. */
export function formatRate(rate: number | null, lang: Lang): string {
  if (rate === null) return '—';
  const tenths = Math.round(rate * 1000) / 10;
  const text = Number.isInteger(tenths) ? String(tenths) : tenths.toFixed(1);
  return `${lang === 'vi' ? text.replace('.', ',') : text} %`;
}

/** `86,50` / `86.50`. */
export function formatScore(score: number, lang: Lang): string {
  const text = score.toFixed(2);
  return lang === 'vi' ? text.replace('.', ',') : text;
}

/** `17/03/2025` / `17 Mar 2025`. */
export function formatDate(day: Day, lang: Lang): string {
  const { year, month, day: d } = ymd(day);
  return lang === 'vi' ? `${pad2(d)}/${pad2(month)}/${year}` : `${d} ${MONTHS_EN[month - 1]} ${year}`;
}

/** `17/03` / `17 Mar`. */
export function formatShortDate(day: Day, lang: Lang): string {
  const { month, day: d } = ymd(day);
  return lang === 'vi' ? `${pad2(d)}/${pad2(month)}` : `${d} ${MONTHS_EN[month - 1]}`;
}

/** `thứ Hai, 17/03/2025` / `Mon 17 Mar 2025`. */
export function formatWeekdayDate(day: Day, lang: Lang): string {
  const name = WEEKDAYS[lang][isoWeekday(day) - 1];
  return lang === 'vi' ? `${name}, ${formatDate(day, lang)}` : `${name} ${formatDate(day, lang)}`;
}

/** As a Vietnamese calendar abbreviates them: T2 … T7, CN. */
const WEEKDAYS_SHORT_VI = ['T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'CN'];

/** `T2 17/03` / `Mon 17 Mar`: for due dates in a list. */
export function formatWeekdayShort(day: Day, lang: Lang): string {
  const name = (lang === 'vi' ? WEEKDAYS_SHORT_VI : WEEKDAYS.en)[isoWeekday(day) - 1];
  return `${name} ${formatShortDate(day, lang)}`;
}

/** `07:30 thứ Hai, 17/03/2025` / `07:30 on Mon 17 Mar 2025` (local time). */
export function formatInstantLocal(instant: Instant, lang: Lang): string {
  const local = new Date(instant + VIETNAM_OFFSET_MS);
  const time = `${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}`;
  const day = localDay(instant);
  return lang === 'vi'
    ? `${time} ${formatWeekdayDate(day, lang)}`
    : `${time} on ${formatWeekdayDate(day, lang)}`;
}

/** `Tuần 11/2025` / `Week 11, 2025`. */
export function formatWeek(week: string, lang: Lang): string {
  const w = parseIsoWeek(week);
  if (w === null) return week;
  return lang === 'vi' ? `Tuần ${w.week}/${w.year}` : `Week ${w.week}, ${w.year}`;
}

/** `Tuần 11` / `Week 11`: an axis label (not `T11`: T2…T7 are weekdays to a Vietnamese reader). */
export function formatWeekShort(week: string, lang: Lang): string {
  const w = parseIsoWeek(week);
  if (w === null) return week;
  return `${lang === 'vi' ? 'Tuần' : 'Week'} ${w.week}`;
}

/** `10/03 – 16/03/2025` / `10 Mar – 16 Mar 2025`. */
export function formatRange(from: Day, to: Day, lang: Lang): string {
  return `${formatShortDate(from, lang)} – ${formatDate(to, lang)}`;
}

// ---------------------------------------------------------------------------------------------
// Tables, summaries and lists (the CLI, exports): numbers with grouping, numeric dates, instants.
// ---------------------------------------------------------------------------------------------

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

/** A sync run's counts as people read them (`1.234` in Vietnamese), by name, for the run summaries. */
export function formatRunCounts(counts: RunCounts, lang: Lang): Record<keyof RunCounts, string> {
  const n = (x: number) => formatNumber(x, lang);
  return {
    batches: n(counts.batches),
    seen: n(counts.seen),
    inserted: n(counts.inserted),
    updated: n(counts.updated),
    unchanged: n(counts.unchanged),
    deleted: n(counts.deleted),
    rejected: n(counts.rejected),
    warnings: n(counts.warnings),
  };
}
