/**
 * Numbers and dates as a digest's reader writes them: Vietnamese uses a decimal comma and
 * dd/mm/yyyy; English a decimal point and "Mon 17 Mar 2025".
 */
import type { Lang } from '../i18n/lang.js';
import type { Day, Instant } from '../domain/time.js';
import { isoWeekday, localDay, parseIsoWeek, VIETNAM_OFFSET_MS, ymd } from '../domain/time.js';

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
